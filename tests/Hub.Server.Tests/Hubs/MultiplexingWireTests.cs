using System.Text.Json;
using HubFramework.Protocol;
using HubFramework.Protocol.Json;
using HubFramework.Server.Tests.Infrastructure;

namespace HubFramework.Server.Tests.Hubs;

/// <summary>
/// The multiplex extension at the wire level, as docs/protocol-extensions.md writes it down: a raw client opens a
/// channel, runs a hub connection inside it (handshake, invocation, close), and is refused clearly for an
/// [Authorize] hub, past the configured limit, for a stray channel, or when the extension is off.
/// </summary>
public class MultiplexingWireTests
{
    private const string Handshake = "{\"protocol\":\"json\",\"version\":1}\u001e";

    private static async Task<RawHubClient> ConnectAsync(KestrelHost host)
    {
        var client = await RawHubClient.ConnectWebSocketAsync(host.BaseUri, HubKestrelServer.TestPath, new JsonHubProtocol());
        client.Binder.On("$mux.data", typeof(string), typeof(string));
        client.Binder.On("$mux.close", typeof(string), typeof(string));
        await client.HandshakeAsync();
        return client;
    }

    private static async Task<string> ReadChannelAsync(RawHubClient client, string target, string channel)
    {
        var message = await client.ReadMessageAsync<InvocationMessage>(m => m.Target == target && (string?)m.Arguments[0] == channel);
        return (string?)message.Arguments[1] ?? "<null>";
    }

    [Fact]
    public async Task A_channel_carries_a_hub_connection_of_its_own_and_refusals_are_clear()
    {
        await using var host = await HubKestrelServer.StartAsync(o => o.MaximumNamespacesPerConnection = 1);
        using (var http = new HttpClient())
        {
            using var negotiate = await http.PostAsync(host.Url(HubKestrelServer.TestPath + "/negotiate?negotiateVersion=1"), null);
            var body = JsonDocument.Parse(await negotiate.Content.ReadAsStringAsync()).RootElement;
            Assert.Equal("multiplex", body.GetProperty("hubExtensions")[0].GetString());
        }

        await using var client = await ConnectAsync(host);

        // A hub-level [Authorize] refuses the anonymous physical connection's user.
        var secure = await client.InvokeAsync<string>("$mux.open", "c1", HubKestrelServer.SecurePath);
        Assert.Equal("Unauthorized: the user may not open '/hubs/secure'.", secure.Error);
        Assert.Equal("No hub is mapped at '/nowhere'.", (await client.InvokeAsync<string>("$mux.open", "c1", "/nowhere")).Error);

        var opened = await client.InvokeAsync<string>("$mux.open", "c1", HubKestrelServer.TestPath);
        Assert.Null(opened.Error);
        var channelConnectionId = Assert.IsType<string>(opened.Result);
        Assert.NotEqual(client.ConnectionId, channelConnectionId);

        // Inside the channel: the standard handshake, then hub messages, all as $mux.data payloads.
        await client.SendAsync(new InvocationMessage("$mux.data", ["c1", Handshake]));
        Assert.Equal("{}\u001e", await ReadChannelAsync(client, "$mux.data", "c1"));
        await client.SendAsync(new InvocationMessage("$mux.data", ["c1", "{\"type\":1,\"invocationId\":\"1\",\"target\":\"Echo\",\"arguments\":[\"inside\"]}\u001e"]));
        Assert.Equal("{\"type\":3,\"invocationId\":\"1\",\"result\":\"inside\"}\u001e", await ReadChannelAsync(client, "$mux.data", "c1"));

        // The configured limit (1 here) refuses a second channel; the first one carries on.
        var second = await client.InvokeAsync<string>("$mux.open", "c2", HubKestrelServer.TestPath);
        Assert.Equal("Too many namespaces: at most 1 may be open over one connection (HubOptions.MaximumNamespacesPerConnection).", second.Error);
        Assert.Equal("Channel 'c1' is already open.", (await client.InvokeAsync<string>("$mux.open", "c1", HubKestrelServer.TestPath)).Error);

        // Closing the channel runs its hub's OnDisconnectedAsync and is answered with the server's close.
        await client.SendAsync(new InvocationMessage("$mux.close", ["c1", null]));
        Assert.Equal("<null>", await ReadChannelAsync(client, "$mux.close", "c1"));
        await host.Log().Disconnected.Task.WaitAsync(TimeSpan.FromSeconds(10));

        // Data for a channel that is not open: a clear close for it, nothing else.
        await client.SendAsync(new InvocationMessage("$mux.data", ["c1", "{\"type\":6}\u001e"]));
        Assert.Equal("Channel 'c1' is not open.", await ReadChannelAsync(client, "$mux.close", "c1"));
        Assert.Equal("still fine", (await client.InvokeAsync<string>("Echo", "still fine")).Result);

        // The slot is free again.
        Assert.Null((await client.InvokeAsync<string>("$mux.open", "c3", HubKestrelServer.TestPath)).Error);
    }

    [Fact]
    public async Task Off_means_not_advertised_and_refused()
    {
        await using var host = await HubKestrelServer.StartAsync(o => o.MaximumNamespacesPerConnection = 0);
        using (var http = new HttpClient())
        {
            using var negotiate = await http.PostAsync(host.Url(HubKestrelServer.TestPath + "/negotiate?negotiateVersion=1"), null);
            Assert.DoesNotContain("hubExtensions", await negotiate.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        await using var client = await ConnectAsync(host);
        var refused = await client.InvokeAsync<string>("$mux.open", "c1", HubKestrelServer.TestPath);
        Assert.Equal("Multiplexing is not available on this connection.", refused.Error);
        Assert.Equal("ok", (await client.InvokeAsync<string>("Echo", "ok")).Result);
    }
}
