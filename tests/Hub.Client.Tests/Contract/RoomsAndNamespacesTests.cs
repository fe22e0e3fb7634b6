using System.Net;
using System.Net.WebSockets;
using System.Text.Json;
using System.Threading.Channels;
using HubFramework.Protocol;

namespace HubFramework.Client.Tests.Contract;

/// <summary>
/// The contract's rooms and namespaces sections against our interop server (one node): presence over each transport
/// and protocol, tenants isolated (broadcasts, groups, rooms, direct sends, client results, connection tokens) and
/// bad input refused without harm to anyone else.
/// </summary>
public sealed class RoomsAndNamespacesTests(InteropServerFixture server) : IClassFixture<InteropServerFixture>
{
    public static TheoryData<HttpTransportType, string> Combinations => new()
    {
        { HttpTransportType.WebSockets, "json" },
        { HttpTransportType.ServerSentEvents, "json" },
        { HttpTransportType.LongPolling, "json" },
        { HttpTransportType.WebSockets, "messagepack" },
    };

    [Theory]
    [MemberData(nameof(Combinations))]
    public Task Rooms_with_presence(HttpTransportType transport, string protocol)
        => RoomScenarios.PresenceAsync(server.HubUrl(), server.HubUrl(), transport, protocol);

    [Fact]
    public async Task Rooms_of_a_tenant_namespace_work_the_same()
        => await RoomScenarios.PresenceAsync(server.HubUrl("tenants/acme/hubs/interop"), server.HubUrl("tenants/acme/hubs/interop"), HttpTransportType.WebSockets, "json");

    [Fact]
    public async Task Tenants_get_their_route_value_and_nothing_crosses_namespaces()
    {
        var acmeUrl = server.HubUrl("tenants/acme/hubs/interop");
        var (acme1, acme1Presence, acme1Messages) = await RoomScenarios.ConnectAsync(acmeUrl, HttpTransportType.WebSockets, "json");
        var (acme2, _, _) = await RoomScenarios.ConnectAsync(acmeUrl, HttpTransportType.LongPolling, "json");
        var (globex, globexPresence, globexMessages) = await RoomScenarios.ConnectAsync(server.HubUrl("tenants/globex/hubs/interop"), HttpTransportType.WebSockets, "messagepack");
        var (plain, plainPresence, plainMessages) = await RoomScenarios.ConnectAsync(server.HubUrl(), HttpTransportType.WebSockets, "json");
        await using var d1 = acme1;
        await using var d2 = acme2;
        await using var d3 = globex;
        await using var d4 = plain;
        var everyone = new[] { acme1, acme2, globex, plain };
        var inbox = everyone.ToDictionary(c => c, _ => Channel.CreateUnbounded<string>());
        foreach (var c in everyone)
        {
            var box = inbox[c].Writer;
            c.On<string>("broadcast", m => box.TryWrite("broadcast:" + m));
            c.On<string, string>("groupMessage", (g, m) => box.TryWrite("group:" + m));
            c.On<string>("direct", m => box.TryWrite("direct:" + m));
            c.On<string, string>("answer", q => "answered " + q);
        }

        Assert.Equal("acme", await acme1.InvokeAsync<string?>("GetTenant"));
        Assert.Equal("globex", await globex.InvokeAsync<string?>("GetTenant"));
        Assert.Null(await plain.InvokeAsync<string?>("GetTenant"));

        // Broadcast: only acme's two connections.
        await acme2.InvokeAsync("Broadcast", "acme-wide");
        Assert.Equal("broadcast:acme-wide", await Wait.For(inbox[acme1].Reader.ReadAsync().AsTask()));
        Assert.Equal("broadcast:acme-wide", await Wait.For(inbox[acme2].Reader.ReadAsync().AsTask()));

        // Groups and rooms of one name in every namespace: each send stays in its namespace.
        foreach (var c in everyone)
        {
            await c.InvokeAsync("JoinGroup", "shared");
            await c.InvokeAsync<int>("JoinRoom", "shared", RoomScenarios.State("x"));
        }

        Assert.Equal(2, await acme1.InvokeAsync<int>("RoomCount", "shared"));
        Assert.Equal(1, await globex.InvokeAsync<int>("RoomCount", "shared"));
        Assert.Equal(1, await plain.InvokeAsync<int>("RoomCount", "shared"));
        await globex.InvokeAsync("SendToGroup", "shared", "globex-group");
        Assert.Equal("group:globex-group", await Wait.For(inbox[globex].Reader.ReadAsync().AsTask()));
        await plain.InvokeAsync("SendToRoom", "shared", "plain-room");
        Assert.Equal("shared:plain-room", await Wait.For(plainMessages.Reader.ReadAsync().AsTask()));

        // Direct sends, group membership and client results by the id of another namespace's connection reach nothing.
        await plain.InvokeAsync("SendToConnection", acme1.ConnectionId, "cross");
        await plain.InvokeAsync("AddToGroup", globex.ConnectionId, "plain-only");
        await plain.InvokeAsync("AddToGroup", plain.ConnectionId, "plain-only");
        await plain.InvokeAsync("SendToGroup", "plain-only", "stays in plain");
        Assert.Equal("group:stays in plain", await Wait.For(inbox[plain].Reader.ReadAsync().AsTask()));
        var ask = await Assert.ThrowsAsync<HubException>(() => plain.InvokeAsync<string>("AskConnection", globex.ConnectionId, "q"));
        Assert.Contains("not connected", ask.Message, StringComparison.Ordinal);
        Assert.Equal("answered q", await acme2.InvokeAsync<string>("AskConnection", acme1.ConnectionId, "q"));

        // Presence of acme's join reached acme1 only (acme2 joined after it).
        Assert.Equal("join", (await RoomScenarios.NextAsync(acme1Presence)).Kind);
        foreach (var c in everyone)
        {
            await RoomScenarios.AssertQuietAsync(inbox[c], TimeSpan.FromMilliseconds(c == acme1 ? 300 : 50));
        }

        await RoomScenarios.AssertQuietAsync(globexPresence, TimeSpan.FromMilliseconds(50));
        await RoomScenarios.AssertQuietAsync(plainPresence, TimeSpan.FromMilliseconds(50));
        await RoomScenarios.AssertQuietAsync(acme1Messages, TimeSpan.FromMilliseconds(50));
        await RoomScenarios.AssertQuietAsync(globexMessages, TimeSpan.FromMilliseconds(50));
    }

    [Fact]
    public async Task A_connection_token_of_one_namespace_is_unknown_to_every_other()
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        var acme = server.HubUrl("tenants/acme/hubs/interop");
        var negotiate = await http.PostAsync(new Uri(acme + "/negotiate?negotiateVersion=1"), null);
        negotiate.EnsureSuccessStatusCode();
        using var body = JsonDocument.Parse(await negotiate.Content.ReadAsStringAsync());
        var token = body.RootElement.GetProperty("connectionToken").GetString()!;

        foreach (var other in new[] { server.HubUrl("tenants/globex/hubs/interop"), server.HubUrl(), server.HubUrl("tenants/ACME2/hubs/interop") })
        {
            var at = new Uri($"{other}?id={Uri.EscapeDataString(token)}");
            Assert.Equal(HttpStatusCode.NotFound, (await http.GetAsync(at)).StatusCode);
            Assert.Equal(HttpStatusCode.NotFound, (await http.PostAsync(at, new ByteArrayContent("{}\u001e"u8.ToArray()))).StatusCode);
            Assert.Equal(HttpStatusCode.NotFound, (await http.DeleteAsync(at)).StatusCode);
            using var socket = new ClientWebSocket();
            var upgrade = new UriBuilder(at) { Scheme = "ws" }.Uri;
            socket.Options.CollectHttpResponseDetails = true;
            await Assert.ThrowsAnyAsync<WebSocketException>(() => socket.ConnectAsync(upgrade, CancellationToken.None));
            Assert.Equal(HttpStatusCode.NotFound, socket.HttpStatusCode);
        }

        // At its own namespace (any spelling of the literal parts) the token still works: the first poll starts it.
        var own = new UriBuilder(acme) { Path = "/TENANTS/acme/HUBS/interop", Query = "id=" + Uri.EscapeDataString(token) }.Uri;
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync(own)).StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, (await http.DeleteAsync(own)).StatusCode);
    }

    [Fact]
    public async Task Oversize_state_and_presence_floods_are_refused_and_nobody_else_notices()
    {
        var room = "bad-" + Guid.NewGuid().ToString("N")[..8];
        var (victim, victimPresence, _) = await RoomScenarios.ConnectAsync(server.HubUrl(), HttpTransportType.WebSockets, "json");
        var (flooder, _, _) = await RoomScenarios.ConnectAsync(server.HubUrl(), HttpTransportType.WebSockets, "json");
        await using var d1 = victim;
        await using var d2 = flooder;
        await victim.InvokeAsync<int>("JoinRoom", room, RoomScenarios.State("victim"));

        var oversize = await Assert.ThrowsAsync<HubException>(() => flooder.InvokeAsync<int>("JoinRoom", room, RoomScenarios.State(new string('x', 2000))));
        Assert.Contains("at most 1024", oversize.Message, StringComparison.Ordinal);
        Assert.Equal(1, await victim.InvokeAsync<int>("RoomCount", room));

        await flooder.InvokeAsync<int>("JoinRoom", room, RoomScenarios.State("f"));
        HubException? refused = null;
        var sent = 0;
        for (var i = 0; i < 200 && refused is null; i++)
        {
            try
            {
                await flooder.InvokeAsync("UpdatePresence", room, RoomScenarios.State("f" + i));
                sent++;
            }
            catch (HubException ex)
            {
                refused = ex;
            }
        }

        Assert.NotNull(refused);
        Assert.Contains("Too many presence changes", refused!.Message, StringComparison.Ordinal);

        // The victim heard the join and exactly the updates that were accepted, and both connections still work.
        Assert.Equal("join", (await RoomScenarios.NextAsync(victimPresence)).Kind);
        for (var i = 0; i < sent; i++)
        {
            Assert.Equal("update", (await RoomScenarios.NextAsync(victimPresence)).Kind);
        }

        await RoomScenarios.AssertQuietAsync(victimPresence);
        Assert.Equal("ok", await flooder.InvokeAsync<string>("Echo", "ok"));
        Assert.Equal(2, await victim.InvokeAsync<int>("RoomCount", room));
    }
}
