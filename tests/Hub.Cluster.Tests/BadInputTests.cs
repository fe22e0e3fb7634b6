using System.Diagnostics;
using HubFramework.Client;
using HubFramework.Protocol;
using HubFramework.Server.Backplane.Nats;
using NATS.Client.Core;

namespace HubFramework.Cluster.Tests;

/// <summary>Garbage on our subjects, payloads over max_payload, a NATS server refusing our credentials.</summary>
public sealed class BadInputTests
{
    [Fact]
    public async Task Garbage_published_by_a_stranger_on_our_subjects_is_counted_and_ignored()
    {
        using var meter = new BackplaneMeter();
        await using var nats = await NatsServerProcess.StartAsync();
        var prefix = "bad" + Guid.NewGuid().ToString("N")[..8];
        await using var node0 = await InProcessNode.StartAsync(o => { o.Url = nats.Url; o.SubjectPrefix = prefix; });
        await using var node1 = await InProcessNode.StartAsync(o => { o.Url = nats.Url; o.SubjectPrefix = prefix; });
        await using var a = await ClusterClient.ConnectAsync(node0.Url("first"), HttpTransportType.WebSockets, "json");
        await using var b = await ClusterClient.ConnectAsync(node1.Url("first"), HttpTransportType.WebSockets, "messagepack");
        await b.Connection.InvokeAsync("JoinGroup", "g");
        var nodeOfB = b.Id[..b.Id.IndexOf('.', StringComparison.Ordinal)];

        await using var stranger = new NatsConnection(NatsOpts.Default with { Url = nats.Url });
        byte[][] garbage =
        [
            [],
            [1, 2, 3, 4, 5],
            [0xB1, 0xFF, 0, 0],                      // unknown kind
            [0xB1, 1, 0xFF, 0xFF, 0xFF, 0xFF, 0x0F], // a length beyond the message
            [0xB1, 1, 1, (byte)'x', 1, (byte)'y', 3, 0], // a send cut short
            new byte[3000],
        ];
        string[] subjects = [$"{prefix}.nodes", $"{prefix}.n.{nodeOfB}", $"{prefix}.h.{SubjectToken.Encode("/first")}.all", $"{prefix}.h.{SubjectToken.Encode("/first")}.g.vg"];
        foreach (var subject in subjects)
        {
            foreach (var payload in garbage)
            {
                await stranger.PublishAsync(subject, payload);
            }
        }

        // A garbage request gets an answer (or none), never a stuck node.
        try
        {
            await stranger.RequestAsync<byte[], byte[]>($"{prefix}.n.{nodeOfB}", [0xB1, 2, 0, 0], replyOpts: new NatsSubOpts { Timeout = TimeSpan.FromSeconds(2) });
        }
        catch (NatsNoReplyException)
        {
        }

        await stranger.PingAsync();
        var expected = subjects.Length * garbage.Length;
        await Wait.UntilAsync(() => meter["hubframework.backplane.messages.dropped/malformed"] >= expected, $"at least {expected} malformed messages counted (saw {meter["hubframework.backplane.messages.dropped/malformed"]})");

        await a.Connection.InvokeAsync("Broadcast", "still fine");
        await a.Connection.InvokeAsync("SendToGroup", "g", "group fine");
        await a.Connection.InvokeAsync("SendToConnection", b.Id, "direct fine");
        await Wait.UntilAsync(() => b.Broadcasts.Contains("still fine") && b.GroupMessages.Contains("g:group fine") && b.Direct.Contains("direct fine"), "cross-node traffic after the garbage");
        Assert.Equal(["still fine"], b.Broadcasts);
    }

    [Fact]
    public async Task A_message_over_max_payload_reaches_local_recipients_only_and_is_counted()
    {
        using var meter = new BackplaneMeter();
        var config = Path.Combine(Path.GetTempPath(), "hub-nats-" + Guid.NewGuid().ToString("N") + ".conf");
        await File.WriteAllTextAsync(config, "max_payload: 4096\n");
        try
        {
            await using var nats = await NatsServerProcess.StartAsync("-c", config);
            var prefix = "big" + Guid.NewGuid().ToString("N")[..8];
            await using var node0 = await InProcessNode.StartAsync(o => { o.Url = nats.Url; o.SubjectPrefix = prefix; });
            await using var node1 = await InProcessNode.StartAsync(o => { o.Url = nats.Url; o.SubjectPrefix = prefix; });
            await using var a = await ClusterClient.ConnectAsync(node0.Url("first"), HttpTransportType.WebSockets, "json");
            await using var local = await ClusterClient.ConnectAsync(node0.Url("first"), HttpTransportType.LongPolling, "messagepack");
            await using var b = await ClusterClient.ConnectAsync(node1.Url("first"), HttpTransportType.WebSockets, "json");

            var big = new string('x', 10_000);
            var watch = Stopwatch.StartNew();
            await Wait.For(a.Connection.InvokeAsync("Broadcast", big));
            await Wait.UntilAsync(() => local.Broadcasts.Contains(big) && a.Broadcasts.Contains(big), "local recipients got the big message");
            Assert.True(meter["hubframework.backplane.messages.dropped/too_large"] >= 1);

            // The sender is not stalled: the next message crosses at once.
            await a.Connection.InvokeAsync("Broadcast", "small");
            await Wait.UntilAsync(() => b.Broadcasts.Contains("small"), "the next small message crossed");
            Assert.DoesNotContain(big, b.Broadcasts);
            Assert.True(watch.Elapsed < TimeSpan.FromSeconds(10));
        }
        finally
        {
            File.Delete(config);
        }
    }

    [Fact]
    public async Task A_nats_server_refusing_our_credentials_leaves_local_traffic_working_and_drops_are_counted()
    {
        using var meter = new BackplaneMeter();
        await using var nats = await NatsServerProcess.StartAsync("--user", "hub", "--pass", "secret");
        var prefix = "auth" + Guid.NewGuid().ToString("N")[..8];
        var good = NatsOpts.Default with { AuthOpts = NatsAuthOpts.Default with { Username = "hub", Password = "secret" } };
        var bad = NatsOpts.Default with { AuthOpts = NatsAuthOpts.Default with { Username = "hub", Password = "wrong" } };
        await using var refused = await InProcessNode.StartAsync(o => { o.Url = nats.Url; o.SubjectPrefix = prefix; o.NatsOptions = bad; o.OutageBufferMessages = 5; });
        await using var node1 = await InProcessNode.StartAsync(o => { o.Url = nats.Url; o.SubjectPrefix = prefix; o.NatsOptions = good; });
        await using var node2 = await InProcessNode.StartAsync(o => { o.Url = nats.Url; o.SubjectPrefix = prefix; o.NatsOptions = good; });
        await using var a = await ClusterClient.ConnectAsync(refused.Url("first"), HttpTransportType.WebSockets, "json");
        await using var local = await ClusterClient.ConnectAsync(refused.Url("first"), HttpTransportType.ServerSentEvents, "json");
        await using var b = await ClusterClient.ConnectAsync(node1.Url("first"), HttpTransportType.WebSockets, "json");
        await using var c = await ClusterClient.ConnectAsync(node2.Url("first"), HttpTransportType.WebSockets, "messagepack");

        var watch = Stopwatch.StartNew();
        for (var i = 0; i < 20; i++)
        {
            await Wait.For(a.Connection.InvokeAsync("Broadcast", "local " + i));
        }

        await Wait.UntilAsync(() => local.Broadcasts.Count == 20, "the refused node's own clients got every broadcast");
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(10), $"the sender stalled: {watch.Elapsed}");
        Assert.True(meter["hubframework.backplane.messages.dropped/outage_buffer_full"] >= 15, $"dropped: {meter["hubframework.backplane.messages.dropped/outage_buffer_full"]}");

        // The nodes with the right credentials (NatsOptions passed through) form a cluster.
        await b.Connection.InvokeAsync("Broadcast", "authorized");
        await Wait.UntilAsync(() => c.Broadcasts.Contains("authorized"), "authorized nodes talk");
        Assert.DoesNotContain("authorized", a.Broadcasts);
    }
}
