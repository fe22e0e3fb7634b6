using HubFramework.Protocol;
using HubFramework.Protocol.Json;
using HubFramework.Server.Hubs;
using HubFramework.Server.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;

namespace HubFramework.Server.Tests.Hubs;

/// <summary>Each mapped path is its own namespace; IHubContext addresses one by path.</summary>
public class NamespaceTests
{
    public sealed class NamespaceHub : Hub
    {
        public string WhereAmI() => Context.Namespace + "|" + (Context.RouteValues.TryGetValue("tenant", out var t) ? t : "-");
    }

    private static Task<KestrelHost> StartAsync(params string[] patterns) => StartAsync(null, patterns);

    private static Task<KestrelHost> StartAsync(Action<HubOptions>? configure, params string[] patterns) => KestrelHost.StartAsync(
        services => services.AddHubs(configure),
        app =>
        {
            foreach (var pattern in patterns)
            {
                app.MapHub<NamespaceHub>(pattern);
            }
        });

    private static async Task<RawHubClient> ConnectAsync(KestrelHost host, string path)
    {
        var client = await RawHubClient.ConnectWebSocketAsync(host.BaseUri, path, new JsonHubProtocol());
        client.Binder.On("m", typeof(string));
        await client.HandshakeAsync();
        return client;
    }

    [Fact]
    public async Task A_hub_mapped_at_several_paths_has_isolated_namespaces_addressed_by_path()
    {
        await using var host = await StartAsync("/chat", "/admin", "/t/{tenant}/chat");
        await using var chat = await ConnectAsync(host, "/chat");
        await using var admin = await ConnectAsync(host, "/admin");
        await using var acme = await ConnectAsync(host, "/t/acme/chat");
        await using var odd = await ConnectAsync(host, "/t/a.b c/chat");

        Assert.Equal("/t/acme/chat|acme", (await acme.InvokeAsync("WhereAmI")).Result?.ToString());
        Assert.Equal("/t/a%2Eb%20c/chat|a.b c", (await odd.InvokeAsync("WhereAmI")).Result?.ToString());
        Assert.Equal("/chat|-", (await chat.InvokeAsync("WhereAmI")).Result?.ToString());

        var context = host.Services.GetRequiredService<IHubContext<NamespaceHub>>();
        var ambiguous = Assert.Throws<InvalidOperationException>(() => context.Clients);
        Assert.Contains("Namespace(path)", ambiguous.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => context.Namespace("/nowhere"));
        Assert.Equal("/t/acme/chat", context.Namespace("/T/acme/CHAT").Name);

        await context.Namespace("/chat").Clients.All.SendAsync("m", "to chat");
        await context.Namespace("/t/acme/chat").Clients.All.SendAsync("m", "to acme");
        Assert.Equal("to chat", (await chat.ReadMessageAsync<InvocationMessage>()).Arguments[0]);
        Assert.Equal("to acme", (await acme.ReadMessageAsync<InvocationMessage>()).Arguments[0]);
        foreach (var other in new[] { admin, odd })
        {
            Assert.DoesNotContain(await other.ReadForAsync(TimeSpan.FromMilliseconds(200)), m => m is InvocationMessage);
        }
    }

    [Fact]
    public async Task A_hub_mapped_once_keeps_the_plain_hub_context()
    {
        await using var host = await StartAsync("/only");
        await using var client = await ConnectAsync(host, "/only");
        var context = host.Services.GetRequiredService<IHubContext<NamespaceHub>>();
        await context.Clients.All.SendAsync("m", "plain");
        Assert.Equal("plain", (await client.ReadMessageAsync<InvocationMessage>()).Arguments[0]);
        Assert.Same(context.Namespace("/only").Clients, context.Clients);
    }

    [Fact]
    public async Task A_connection_that_would_exceed_the_namespace_limit_is_refused_in_its_handshake()
    {
        await using var host = await StartAsync(o => o.MaximumNamespaces = 2, "/t/{tenant}/chat");
        await using var first = await ConnectAsync(host, "/t/one/chat");
        await using var second = await ConnectAsync(host, "/t/two/chat");
        await using var again = await ConnectAsync(host, "/t/one/chat");

        await using var third = await RawHubClient.ConnectWebSocketAsync(host.BaseUri, "/t/three/chat", new JsonHubProtocol());
        await third.SendHandshakeAsync("json");
        var refused = await third.ReadHandshakeResponseAsync();
        Assert.Contains("limit of 2 namespaces", refused.Error, StringComparison.Ordinal);

        Assert.Equal("/t/one/chat|one", (await again.InvokeAsync("WhereAmI")).Result?.ToString());
        Assert.Equal("/t/two/chat|two", (await second.InvokeAsync("WhereAmI")).Result?.ToString());
    }
}
