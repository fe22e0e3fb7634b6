using System.Net.Http.Json;
using System.Text.Json;
using System.Threading.Channels;
using HubFramework.Client.Tests.Infrastructure;
using HubFramework.Protocol;

namespace HubFramework.Client.Tests.Contract;

/// <summary>
/// The multiplex extension against our interop server: one physical connection carrying several namespaces (a tenant,
/// the same hub again, a refused secure one), messages routed per namespace, bad opens and stray channel messages
/// refused without harm, a reconnect restoring every open namespace; Microsoft's server refuses it clearly.
/// </summary>
public sealed class MultiplexingTests(InteropServerFixture server) : IClassFixture<InteropServerFixture>
{
    public static TheoryData<HttpTransportType, string> Combinations => new()
    {
        { HttpTransportType.WebSockets, "json" },
        { HttpTransportType.WebSockets, "messagepack" },
        { HttpTransportType.LongPolling, "json" },
    };

    [Fact]
    public async Task Negotiate_advertises_the_extension()
    {
        using var http = new HttpClient();
        using var response = await http.PostAsync(server.HubUrl("hubs/interop/negotiate?negotiateVersion=1"), null);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("multiplex", body.GetProperty("hubExtensions")[0].GetString());
    }

    [Theory]
    [MemberData(nameof(Combinations))]
    public async Task Three_namespaces_over_one_connection(HttpTransportType transport, string protocol)
    {
        await using var proxy = new TcpProxy(server.HubUrl());
        await using var physical = Build(proxy.Url("hubs/interop"), transport, protocol);
        var physicalInbox = Inbox(physical);
        await Wait.For(physical.StartAsync());
        var acceptedAfterStart = proxy.AcceptedConnections;

        var acmeWelcome = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        Channel<string>? acmeInbox = null;
        await using var acme = await Wait.For(physical.OpenNamespaceAsync("/tenants/acme/hubs/interop", ns =>
        {
            acmeInbox = Inbox(ns);
            ns.On<string>("welcome", id => acmeWelcome.TrySetResult(id));
        }));
        Channel<string>? againInbox = null;
        await using var again = await Wait.For(physical.OpenNamespaceAsync("/hubs/interop", ns => againInbox = Inbox(ns)));

        // The secure namespace needs an authenticated user; the physical connection has none: only this open fails.
        var refused = await Assert.ThrowsAsync<HubException>(() => Wait.For(physical.OpenNamespaceAsync("/hubs/interop-secure")));
        Assert.Contains("Unauthorized", refused.Message, StringComparison.Ordinal);

        // Each namespace is its own server connection, and its hub's OnConnectedAsync ran for it.
        Assert.Equal(acme.ConnectionId, await Wait.For(acmeWelcome.Task));
        Assert.Equal(3, new[] { physical.ConnectionId, acme.ConnectionId, again.ConnectionId }.Distinct().Count());
        Assert.Equal(acme.ConnectionId, await acme.InvokeAsync<string>("GetConnectionId"));
        Assert.Equal("acme", await acme.InvokeAsync<string?>("GetTenant"));
        Assert.Null(await again.InvokeAsync<string?>("GetTenant"));
        Assert.Null(await physical.InvokeAsync<string?>("GetTenant"));
        Assert.Equal("from acme", await acme.InvokeAsync<string>("Echo", "from acme"));
        Assert.Equal(5, await again.InvokeAsync<int>("Add", 2, 3));

        // Streams run per namespace too.
        var items = new List<int>();
        await foreach (var item in acme.StreamAsync<int>("Counter", 3, 0))
        {
            items.Add(item);
        }

        Assert.Equal([0, 1, 2], items);

        // A broadcast in acme reaches acme only; one in /hubs/interop reaches both connections there, not acme.
        await acme.InvokeAsync("Broadcast", "acme-wide");
        Assert.Equal("broadcast:acme-wide", await Wait.For(acmeInbox!.Reader.ReadAsync().AsTask()));
        await again.InvokeAsync("Broadcast", "interop-wide");
        Assert.Equal("broadcast:interop-wide", await Wait.For(physicalInbox.Reader.ReadAsync().AsTask()));
        Assert.Equal("broadcast:interop-wide", await Wait.For(againInbox!.Reader.ReadAsync().AsTask()));
        await acme.InvokeAsync("Broadcast", "acme-again");
        Assert.Equal("broadcast:acme-again", await Wait.For(acmeInbox.Reader.ReadAsync().AsTask()));
        Assert.False(physicalInbox.Reader.TryRead(out var leaked), leaked);
        Assert.False(againInbox.Reader.TryRead(out leaked), leaked);

        // Closing one namespace leaves the connection and the other namespace working.
        await Wait.For(acme.CloseAsync());
        Assert.Equal(HubConnectionState.Disconnected, acme.State);
        Assert.Equal("still here", await physical.InvokeAsync<string>("Echo", "still here"));
        Assert.Equal("me too", await again.InvokeAsync<string>("Echo", "me too"));

        // No connection was added for the namespaces (long polling's HTTP client may open more for concurrent requests).
        if (transport == HttpTransportType.WebSockets)
        {
            Assert.Equal(acceptedAfterStart, proxy.AcceptedConnections);
        }
    }

    [Fact]
    public async Task An_authenticated_connection_opens_the_secure_namespace()
    {
        await using var physical = new HubConnectionBuilder()
            .WithUrl(server.HubUrl(), HttpTransportType.WebSockets, o => o.AccessTokenProvider = () => Task.FromResult<string?>("interop-token"))
            .Build();
        await Wait.For(physical.StartAsync());
        await using var secure = await Wait.For(physical.OpenNamespaceAsync("/hubs/interop-secure"));
        Assert.Equal(await physical.InvokeAsync<string?>("GetUser"), await secure.InvokeAsync<string?>("GetUser"));
        Assert.NotNull(await secure.InvokeAsync<string?>("GetUser"));
    }

    [Fact]
    public async Task Bad_opens_and_stray_channel_messages_are_refused_and_harm_nothing()
    {
        await using var physical = Build(server.HubUrl(), HttpTransportType.WebSockets, "json");
        await Wait.For(physical.StartAsync());
        await using var acme = await Wait.For(physical.OpenNamespaceAsync("/tenants/acme/hubs/interop"));

        var unknown = await Assert.ThrowsAsync<HubException>(() => Wait.For(physical.OpenNamespaceAsync("/no/such/hub")));
        Assert.Contains("No hub is mapped at '/no/such/hub'", unknown.Message, StringComparison.Ordinal);

        // Raw reserved messages: a bad channel id, and data for a channel that is not open.
        var badId = await Assert.ThrowsAsync<HubException>(() => physical.InvokeAsync<string>("$mux.open", "", "/hubs/interop"));
        Assert.Contains("channel id", badId.Message, StringComparison.Ordinal);
        await physical.SendAsync("$mux.data", "no-such-channel", "{\"type\":6}\u001e");

        // The limit (HubOptions.MaximumNamespacesPerConnection, 16 by default): acme is one, 15 more fit, the 17th is refused.
        var more = new List<HubNamespace>();
        try
        {
            for (var i = 0; i < 15; i++)
            {
                more.Add(await Wait.For(physical.OpenNamespaceAsync($"/tenants/t{i}/hubs/interop")));
            }

            var tooMany = await Assert.ThrowsAsync<HubException>(() => Wait.For(physical.OpenNamespaceAsync("/tenants/one-too-many/hubs/interop")));
            Assert.Contains("Too many namespaces: at most 16", tooMany.Message, StringComparison.Ordinal);
            Assert.Equal("t14", await more[^1].InvokeAsync<string?>("GetTenant"));
        }
        finally
        {
            foreach (var opened in more)
            {
                await opened.DisposeAsync();
            }
        }

        // Everyone carries on, and a closed slot can be used again.
        Assert.Equal("fine", await physical.InvokeAsync<string>("Echo", "fine"));
        Assert.Equal("acme", await acme.InvokeAsync<string?>("GetTenant"));
        await using var reopened = await Wait.For(physical.OpenNamespaceAsync("/tenants/globex/hubs/interop"));
        Assert.Equal("globex", await reopened.InvokeAsync<string?>("GetTenant"));
    }

    [Fact]
    public async Task A_reconnect_restores_every_open_namespace()
    {
        await using var proxy = new TcpProxy(server.HubUrl());
        await using var physical = new HubConnectionBuilder()
            .WithUrl(proxy.Url("hubs/interop"), HttpTransportType.WebSockets, _ => { })
            .WithAutomaticReconnect([TimeSpan.Zero, TimeSpan.FromMilliseconds(200), TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2)])
            .Build();
        await Wait.For(physical.StartAsync());
        Channel<string>? acmeInbox = null;
        Channel<string>? globexInbox = null;
        await using var acme = await Wait.For(physical.OpenNamespaceAsync("/tenants/acme/hubs/interop", ns => acmeInbox = Inbox(ns)));
        await using var globex = await Wait.For(physical.OpenNamespaceAsync("/tenants/globex/hubs/interop", ns => globexInbox = Inbox(ns)));
        var acmeBack = new TaskCompletionSource<string?>(TaskCreationOptions.RunContinuationsAsynchronously);
        var globexBack = new TaskCompletionSource<string?>(TaskCreationOptions.RunContinuationsAsynchronously);
        acme.Reconnected += id => { acmeBack.TrySetResult(id); return Task.CompletedTask; };
        globex.Reconnected += id => { globexBack.TrySetResult(id); return Task.CompletedTask; };
        var acmeBefore = acme.ConnectionId;

        Assert.True(proxy.DropAll() > 0);

        var acmeAfter = await Wait.For(acmeBack.Task, TimeSpan.FromSeconds(30));
        await Wait.For(globexBack.Task, TimeSpan.FromSeconds(30));
        Assert.Equal(HubConnectionState.Connected, physical.State);
        Assert.NotEqual(acmeBefore, acmeAfter);
        Assert.Equal("acme", await acme.InvokeAsync<string?>("GetTenant"));
        Assert.Equal("globex", await globex.InvokeAsync<string?>("GetTenant"));

        // Handlers were kept.
        await acme.InvokeAsync("Broadcast", "after");
        Assert.Equal("broadcast:after", await Wait.For(acmeInbox!.Reader.ReadAsync().AsTask()));
        await globex.InvokeAsync("Broadcast", "after too");
        Assert.Equal("broadcast:after too", await Wait.For(globexInbox!.Reader.ReadAsync().AsTask()));
    }

    [Fact]
    public async Task Closing_the_connection_closes_its_namespaces()
    {
        var physical = Build(server.HubUrl(), HttpTransportType.WebSockets, "json");
        await Wait.For(physical.StartAsync());
        var acme = await Wait.For(physical.OpenNamespaceAsync("/tenants/acme/hubs/interop"));
        var closed = new TaskCompletionSource<Exception?>(TaskCreationOptions.RunContinuationsAsynchronously);
        acme.Closed += e => { closed.TrySetResult(e); return Task.CompletedTask; };

        await physical.DisposeAsync();

        await Wait.For(closed.Task);
        Assert.Equal(HubConnectionState.Disconnected, acme.State);
        await Assert.ThrowsAsync<InvalidOperationException>(() => acme.InvokeAsync<string>("Echo", "x"));
        await acme.DisposeAsync();
    }

    private static HubConnection Build(Uri url, HttpTransportType transport, string protocol)
    {
        var builder = new HubConnectionBuilder().WithUrl(url, transport, _ => { });
        return (protocol == "messagepack" ? builder.AddMessagePackProtocol() : builder.AddJsonProtocol()).Build();
    }

    private static Channel<string> Inbox(IHubConnection connection)
    {
        var inbox = Channel.CreateUnbounded<string>();
        connection.On<string>("broadcast", m => inbox.Writer.TryWrite("broadcast:" + m));
        return inbox;
    }
}

/// <summary>Microsoft's server does not advertise the extension: opening a namespace fails clearly.</summary>
public sealed class MultiplexingAgainstMicrosoftTests(ReferenceServerFixture server) : IClassFixture<ReferenceServerFixture>
{
    [Fact]
    public async Task Opening_a_namespace_fails_with_a_clear_error()
    {
        await using var connection = new HubConnectionBuilder().WithUrl(server.HubUrl(), HttpTransportType.WebSockets, _ => { }).Build();
        await Wait.For(connection.StartAsync());
        var error = await Assert.ThrowsAsync<NotSupportedException>(() => connection.OpenNamespaceAsync("/hubs/interop"));
        Assert.Contains("did not offer the 'multiplex' extension", error.Message, StringComparison.Ordinal);
        Assert.Equal("still works", await connection.InvokeAsync<string>("Echo", "still works"));
    }
}
