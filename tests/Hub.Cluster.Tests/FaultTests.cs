using System.Diagnostics;
using System.Globalization;
using HubFramework.Client;
using HubFramework.Protocol;
using HubFramework.Server.Backplane.Nats;
using Microsoft.Extensions.DependencyInjection;

namespace HubFramework.Cluster.Tests;

/// <summary>NATS restarting under a running cluster, and a node killed with SIGKILL.</summary>
public sealed class FaultTests
{
    private static readonly TimeSpan Contract = TimeSpan.FromSeconds(15);

    [Fact]
    public async Task Nats_restart_keeps_local_traffic_flowing_and_cross_node_traffic_resumes_without_duplicates()
    {
        await using var cluster = await InteropCluster.StartAsync(2);
        await using var sender = await ClusterClient.ConnectAsync(cluster.Node(0).Url("hubs/interop"), HttpTransportType.WebSockets, "json");
        await using var local = await ClusterClient.ConnectAsync(cluster.Node(0).Url("hubs/interop"), HttpTransportType.LongPolling, "messagepack");
        await using var remote = await ClusterClient.ConnectAsync(cluster.Node(1).Url("hubs/interop"), HttpTransportType.WebSockets, "messagepack");
        const string group = "outage";
        await local.Connection.InvokeAsync("JoinGroup", group);
        await remote.Connection.InvokeAsync("JoinGroup", group);
        await sender.Connection.InvokeAsync("SendToGroup", group, "before");
        await Wait.UntilAsync(() => remote.GroupMessages.Contains(group + ":before"), "cross-node delivery before the outage");

        cluster.Nats.Stop();
        for (var i = 0; i < 50; i++)
        {
            // Never waits for NATS: local members get every message at once, local broadcast too.
            await Wait.For(sender.Connection.InvokeAsync("SendToGroup", group, "during-" + i.ToString(CultureInfo.InvariantCulture)));
        }

        await Wait.For(sender.Connection.InvokeAsync("Broadcast", "local-during"));

        // Joining a group while NATS is away: the subscription follows once it is back.
        const string joinedDuring = "joined-during-outage";
        await Wait.For(remote.Connection.InvokeAsync("JoinGroup", joinedDuring));
        await Wait.UntilAsync(() => local.GroupMessages.Count(m => m.StartsWith(group + ":during-", StringComparison.Ordinal)) == 50, "the local member got all 50 during the outage");
        await Wait.UntilAsync(() => local.Broadcasts.Contains("local-during"), "the local broadcast during the outage");

        await cluster.Nats.RestartAsync();
        var probe = 0;
        var deadline = Stopwatch.StartNew();
        while (!remote.GroupMessages.Any(m => m.StartsWith(group + ":probe-", StringComparison.Ordinal)))
        {
            Assert.True(deadline.Elapsed < TimeSpan.FromSeconds(45), "cross-node traffic did not resume after NATS came back");
            await sender.Connection.InvokeAsync("SendToGroup", group, "probe-" + probe++.ToString(CultureInfo.InvariantCulture));
            await Task.Delay(200);
        }

        while (!remote.GroupMessages.Any(m => m.StartsWith(joinedDuring + ":", StringComparison.Ordinal)))
        {
            Assert.True(deadline.Elapsed < TimeSpan.FromSeconds(60), "the group joined during the outage never got its traffic");
            await sender.Connection.InvokeAsync("SendToGroup", joinedDuring, "late-probe-" + probe++.ToString(CultureInfo.InvariantCulture));
            await Task.Delay(200);
        }

        for (var i = 0; i < 100; i++)
        {
            await sender.Connection.SendAsync("SendToGroup", group, "after-" + i.ToString(CultureInfo.InvariantCulture));
        }

        await Wait.UntilAsync(() => remote.GroupMessages.Count(m => m.StartsWith(group + ":after-", StringComparison.Ordinal)) >= 100, "the remote member got all 100 after the outage", TimeSpan.FromSeconds(30));
        var after = remote.GroupMessages.Where(m => m.StartsWith(group + ":after-", StringComparison.Ordinal)).ToArray();
        Assert.Equal(Enumerable.Range(0, 100).Select(i => group + ":after-" + i.ToString(CultureInfo.InvariantCulture)), after);

        // Nothing twice: not the buffered outage messages, not the probes, on either node.
        Assert.Equal(remote.GroupMessages.Count, remote.GroupMessages.Distinct().Count());
        Assert.Equal(local.GroupMessages.Count, local.GroupMessages.Distinct().Count());
        Assert.False(cluster.Node(0).HasExited || cluster.Node(1).HasExited);
    }

    [Fact]
    public async Task Nodes_started_while_nats_is_down_serve_locally_and_join_up_once_it_is_there()
    {
        await using var nats = await NatsServerProcess.StartAsync();
        nats.Stop();
        var prefix = "late" + Guid.NewGuid().ToString("N")[..8];
        await using var node0 = await InProcessNode.StartAsync(o => { o.Url = nats.Url; o.SubjectPrefix = prefix; });
        await using var node1 = await InProcessNode.StartAsync(o => { o.Url = nats.Url; o.SubjectPrefix = prefix; });
        await using var a = await ClusterClient.ConnectAsync(node0.Url("first"), HttpTransportType.WebSockets, "json");
        await using var a2 = await ClusterClient.ConnectAsync(node0.Url("first"), HttpTransportType.LongPolling, "json");
        await using var b = await ClusterClient.ConnectAsync(node1.Url("first"), HttpTransportType.WebSockets, "messagepack");
        await Wait.For(b.Connection.InvokeAsync("JoinGroup", "late"));
        await Wait.For(a2.Connection.InvokeAsync("JoinGroup", "late"));
        await Wait.For(a.Connection.InvokeAsync("SendToGroup", "late", "local"));
        await Wait.UntilAsync(() => a2.GroupMessages.Contains("late:local"), "local delivery without NATS");

        await nats.RestartAsync();
        var deadline = Stopwatch.StartNew();
        var probe = 0;
        while (!b.GroupMessages.Any(m => m.StartsWith("late:probe-", StringComparison.Ordinal)) || !b.Broadcasts.Any())
        {
            Assert.True(deadline.Elapsed < TimeSpan.FromSeconds(45), "the nodes never joined up once NATS was there");
            await a.Connection.InvokeAsync("SendToGroup", "late", "probe-" + probe.ToString(CultureInfo.InvariantCulture));
            await a.Connection.InvokeAsync("Broadcast", "probe-" + probe++.ToString(CultureInfo.InvariantCulture));
            await Task.Delay(200);
        }

        Assert.Equal(b.GroupMessages.Count, b.GroupMessages.Distinct().Count());

        // A second outage: messages for other nodes wait in the buffer (its depth is reported), and leave it once
        // NATS is back; the reconnect is counted.
        using var meter = new BackplaneMeter(node0.Services.GetRequiredService<NatsBackplaneMetrics>().Meter);
        nats.Stop();
        await Wait.UntilAsync(() => !node0.Services.GetRequiredService<NatsBackplane>().IsConnected, "node 0 noticed the outage");
        for (var i = 0; i < 20; i++)
        {
            await Wait.For(a.Connection.InvokeAsync("Broadcast", "buffered-" + i.ToString(CultureInfo.InvariantCulture)));
        }

        meter.Observe();
        Assert.True(meter["hubframework.backplane.buffer.depth"] >= 20, $"buffer depth {meter["hubframework.backplane.buffer.depth"]}");
        Assert.True(meter["hubframework.backplane.buffer.bytes"] > 0);
        await nats.RestartAsync();
        await Wait.UntilAsync(() => { meter.Observe(); return meter["hubframework.backplane.buffer.depth"] == 0; }, "the buffer drained after the outage", TimeSpan.FromSeconds(30));
        Assert.True(meter["hubframework.backplane.reconnects"] >= 1);
    }

    [Fact]
    public async Task Killed_node_fails_requests_for_its_connections_within_the_bound_and_its_clients_reconnect_to_survivors()
    {
        await using var cluster = await InteropCluster.StartAsync(3);
        await using var a = await ClusterClient.ConnectAsync(cluster.Node(0).Url("hubs/interop"), HttpTransportType.WebSockets, "json");
        await using var b = await ClusterClient.ConnectAsync(cluster.Node(1).Url("hubs/interop"), HttpTransportType.ServerSentEvents, "json");
        await using var proxy = new TcpProxy(cluster.Node(2).BaseUrl);
        await using var victim = await ClusterClient.ConnectAsync(proxy.Url("hubs/interop"), HttpTransportType.WebSockets, "messagepack", reconnect: true);
        var reconnected = new TaskCompletionSource<string?>(TaskCreationOptions.RunContinuationsAsynchronously);
        victim.Connection.Reconnected += id =>
        {
            reconnected.TrySetResult(id);
            return Task.CompletedTask;
        };
        var oldId = victim.Id;
        Assert.Equal("victim hi answered", await a.Connection.InvokeAsync<string>("AskConnection", oldId, "victim hi"));
        await a.Connection.InvokeAsync("AddToGroup", oldId, "kill");

        // A client result pending on the node when it dies fails too (the victim takes its time to answer).
        victim.Answer = q =>
        {
            // Long enough to still be thinking when its node dies; its answer then has nowhere to go.
            Thread.Sleep(TimeSpan.FromSeconds(3));
            return q;
        };
        var pending = a.Connection.InvokeAsync<string>("AskConnection", oldId, "slow");
        await Task.Delay(500);
        cluster.KillNode(2);
        proxy.Retarget(cluster.Node(1).BaseUrl);
        var watch = Stopwatch.StartNew();

        var failed = await Assert.ThrowsAsync<HubException>(() => Wait.For(pending, Contract));
        Assert.Contains("not connected", failed.Message);
        var asked = await Assert.ThrowsAsync<HubException>(() => Wait.For(a.Connection.InvokeAsync<string>("AskConnection", oldId, "still there?"), Contract));
        Assert.Contains("not connected", asked.Message);
        await Wait.For(a.Connection.InvokeAsync("AddToGroup", oldId, "kill"), Contract);
        await Wait.For(b.Connection.InvokeAsync("RemoveFromGroup", oldId, "kill"), Contract);
        Assert.True(watch.Elapsed < Contract, $"requests for the dead node's connection took {watch.Elapsed}");

        // The survivors keep serving each other.
        await b.Connection.InvokeAsync("Broadcast", "survivors");
        await Wait.UntilAsync(() => a.Broadcasts.Contains("survivors"), "a got b's broadcast");

        // The victim's client reconnects (through the proxy, now pointing at node 1) and is reachable again.
        victim.Answer = q => q + " answered";
        var newId = await Wait.For(reconnected.Task, TimeSpan.FromSeconds(30));
        Assert.NotNull(newId);
        Assert.NotEqual(oldId, newId);
        await Wait.UntilAsync(() => victim.Welcomes.Contains(newId), "the hub welcomed the new connection");
        await a.Connection.InvokeAsync("SendToConnection", newId, "welcome back");
        await Wait.UntilAsync(() => victim.Direct.Contains("welcome back"), "the reconnected client got a direct message from node 0");
        Assert.Equal("back answered", await Wait.For(a.Connection.InvokeAsync<string>("AskConnection", newId, "back"), Contract));
    }
}
