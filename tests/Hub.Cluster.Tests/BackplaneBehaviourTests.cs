using HubFramework.Client;
using HubFramework.Client.Tests.Infrastructure;
using HubFramework.Protocol;
using HubFramework.Server.Backplane.Nats;
using HubFramework.Server.Hubs;
using HubFramework.Server.Hubs.Namespaces;
using Microsoft.Extensions.DependencyInjection;

namespace HubFramework.Cluster.Tests;

/// <summary>What a node subscribes to and receives, its metrics and membership, and option validation.</summary>
public sealed class BackplaneBehaviourTests
{
    [Fact]
    public async Task A_node_subscribes_to_and_receives_only_the_groups_it_has_members_of()
    {
        await using var nats = await NatsServerProcess.StartAsync();
        var prefix = "grp" + Guid.NewGuid().ToString("N")[..8];
        await using var node0 = await InProcessNode.StartAsync(o => { o.Url = nats.Url; o.SubjectPrefix = prefix; });
        await using var node1 = await InProcessNode.StartAsync(o => { o.Url = nats.Url; o.SubjectPrefix = prefix; });
        await using var node2 = await InProcessNode.StartAsync(o => { o.Url = nats.Url; o.SubjectPrefix = prefix; });
        using var meter1 = new BackplaneMeter(node1.Services.GetRequiredService<NatsBackplaneMetrics>().Meter);
        using var meter2 = new BackplaneMeter(node2.Services.GetRequiredService<NatsBackplaneMetrics>().Meter);
        var manager0 = Manager(node0);
        var manager1 = Manager(node1);
        var manager2 = Manager(node2);

        await using var sender = await ClusterClient.ConnectAsync(node0.Url("first"), HttpTransportType.WebSockets, "json");
        var members1 = new List<ClusterClient>();
        for (var i = 0; i < 10; i++)
        {
            var member = await ClusterClient.ConnectAsync(node1.Url("first"), HttpTransportType.WebSockets, i % 2 == 0 ? "json" : "messagepack");
            await member.Connection.InvokeAsync("JoinGroup", "g1");
            members1.Add(member);
        }

        await using var member2 = await ClusterClient.ConnectAsync(node2.Url("first"), HttpTransportType.WebSockets, "json");
        await member2.Connection.InvokeAsync("JoinGroup", "g2");

        // Subscriptions grow with groups in use on the node, not with its connections.
        Assert.Equal(0, manager0.SubscribedGroups);
        Assert.Equal(1, manager1.SubscribedGroups);
        Assert.Equal(1, manager2.SubscribedGroups);

        var payload = new string('p', 1000);
        for (var i = 0; i < 50; i++)
        {
            await sender.Connection.InvokeAsync("SendToGroup", "g1", payload);
            await sender.Connection.InvokeAsync("SendToGroup", "g2", payload);
        }

        await Wait.UntilAsync(() => members1.All(m => m.GroupMessages.Count == 50) && member2.GroupMessages.Count == 50, "every member got its 50 messages");
        Assert.Equal(50, meter1["hubframework.backplane.messages.received/send"]);
        Assert.Equal(50, meter2["hubframework.backplane.messages.received/send"]);
        Assert.InRange(meter1["hubframework.backplane.bytes.received/send"], 50 * 2000, 50 * 2400);

        // The last member leaving drops the subscription.
        foreach (var member in members1)
        {
            await member.DisposeAsync();
        }

        await Wait.UntilAsync(() => manager1.SubscribedGroups == 0, "node 1 unsubscribed from g1");
        await sender.Connection.InvokeAsync("SendToGroup", "g1", "nobody");
        await sender.Connection.InvokeAsync("SendToGroup", "g2", "last");
        await Wait.UntilAsync(() => member2.GroupMessages.Count == 51, "node 2 got the last");
        Assert.Equal(50, meter1["hubframework.backplane.messages.received/send"]);
    }

    [Fact]
    public async Task Metrics_count_traffic_and_peers_and_a_stopping_node_says_goodbye()
    {
        await using var nats = await NatsServerProcess.StartAsync();
        var prefix = "met" + Guid.NewGuid().ToString("N")[..8];
        await using var node0 = await InProcessNode.StartAsync(o => { o.Url = nats.Url; o.SubjectPrefix = prefix; });
        await using var node1 = await InProcessNode.StartAsync(o => { o.Url = nats.Url; o.SubjectPrefix = prefix; });
        var node2 = await InProcessNode.StartAsync(o => { o.Url = nats.Url; o.SubjectPrefix = prefix; o.HeartbeatInterval = TimeSpan.FromMilliseconds(500); o.PeerTimeout = TimeSpan.FromSeconds(30); });
        using var meter0 = new BackplaneMeter(node0.Services.GetRequiredService<NatsBackplaneMetrics>().Meter);
        using var meter1 = new BackplaneMeter(node1.Services.GetRequiredService<NatsBackplaneMetrics>().Meter);
        await Wait.UntilAsync(() => { meter0.Observe(); return meter0["hubframework.backplane.peers.alive"] == 2; }, "node 0 sees two peers");

        await using var a = await ClusterClient.ConnectAsync(node0.Url("first"), HttpTransportType.WebSockets, "json");
        await using var b = await ClusterClient.ConnectAsync(node1.Url("first"), HttpTransportType.WebSockets, "json");
        await a.Connection.InvokeAsync("Broadcast", "counted");
        await Wait.UntilAsync(() => b.Broadcasts.Contains("counted"), "the broadcast crossed");
        // Counted once NATS.Net took the message, which can be a moment after the other node already has it.
        await Wait.UntilAsync(() => meter0["hubframework.backplane.messages.published/send"] >= 1 && meter0["hubframework.backplane.bytes.published/send"] > 0, "the publish was counted");
        Assert.True(meter1["hubframework.backplane.messages.received/send"] >= 1);
        Assert.True(meter1["hubframework.backplane.bytes.received/send"] > 0);
        await Wait.UntilAsync(() => meter0["hubframework.backplane.messages.published/heartbeat"] >= 1 && meter1["hubframework.backplane.messages.received/heartbeat"] >= 1, "heartbeats counted");
        meter0.Observe();
        Assert.Equal(0, meter0["hubframework.backplane.buffer.depth"]);

        // A graceful stop announces itself: peers drop it long before the (here 30 s) peer timeout.
        await node2.DisposeAsync();
        await Wait.UntilAsync(() => { meter0.Observe(); return meter0["hubframework.backplane.peers.alive"] == 1; }, "node 0 dropped the stopped node");
    }

    [Fact]
    public async Task IHubContext_sends_from_a_node_without_connections_reach_every_target_once()
    {
        await using var nats = await NatsServerProcess.StartAsync();
        var prefix = "ctx" + Guid.NewGuid().ToString("N")[..8];
        await using var node0 = await InProcessNode.StartAsync(o => { o.Url = nats.Url; o.SubjectPrefix = prefix; });
        await using var node1 = await InProcessNode.StartAsync(o => { o.Url = nats.Url; o.SubjectPrefix = prefix; });
        await using var node2 = await InProcessNode.StartAsync(o => { o.Url = nats.Url; o.SubjectPrefix = prefix; });
        await using var x = await ClusterClient.ConnectAsync(node1.Url("first"), HttpTransportType.WebSockets, "json");
        await using var y = await ClusterClient.ConnectAsync(node1.Url("first"), HttpTransportType.LongPolling, "messagepack");
        await using var z = await ClusterClient.ConnectAsync(node2.Url("first"), HttpTransportType.WebSockets, "messagepack");
        await x.Connection.InvokeAsync("JoinGroup", "g1");
        await x.Connection.InvokeAsync("JoinGroup", "g2");
        await y.Connection.InvokeAsync("JoinGroup", "g2");
        await z.Connection.InvokeAsync("JoinGroup", "g1");
        await z.Connection.InvokeAsync("JoinGroup", "g2");

        // The peer directory (health check, inspector) lists the two other nodes by the ids in their connection ids.
        var peers = node0.Services.GetRequiredService<HubFramework.Server.Backplane.IBackplanePeerDirectory>();
        var expectedPeers = new[] { x.Id, z.Id }.Select(id => id[..id.IndexOf('.', StringComparison.Ordinal)]).Order(StringComparer.Ordinal).ToArray();
        await Wait.UntilAsync(() => peers.GetPeers().Select(p => p.NodeId).Order(StringComparer.Ordinal).SequenceEqual(expectedPeers), "node 0 lists nodes 1 and 2 as peers");
        Assert.All(peers.GetPeers(), p => Assert.True(DateTimeOffset.UtcNow - p.LastSeen < TimeSpan.FromSeconds(30), $"{p.NodeId} last seen {p.LastSeen:O}"));

        // Node 0 has no connection of the hub at all: its hub context still reaches everyone, through NATS.
        var context = node0.Services.GetRequiredService<IHubContext<FirstProbeHub>>();
        await context.Clients.Groups(["g1", "g2"]).SendAsync("groupMessage", "both", "groups");
        await context.Clients.GroupExcept("g2", [y.Id]).SendAsync("groupMessage", "g2", "except-y");
        await context.Clients.AllExcept([z.Id]).SendAsync("broadcast", "all-but-z");
        await context.Clients.Clients([x.Id, z.Id, x.Id]).SendAsync("direct", "listed");
        await context.Groups.AddToGroupAsync(y.Id, "g1");
        await context.Clients.Group("g1").SendAsync("groupMessage", "g1", "after-add");
        await context.Clients.All.SendAsync("broadcast", "barrier");

        await Wait.UntilAsync(() => new[] { x, y, z }.All(c => c.Broadcasts.Contains("barrier")), "everyone got the barrier");
        await Wait.UntilAsync(() => new[] { x, y, z }.All(c => c.GroupMessages.Contains("g1:after-add")), "g1 reached y after the remote add");
        // Each exactly once; the order across different subjects (g1, g2) is not promised, only per subject.
        Assert.Equal(["both:groups", "g1:after-add", "g2:except-y"], x.GroupMessages.Order(StringComparer.Ordinal));
        Assert.Equal(["both:groups", "g1:after-add"], y.GroupMessages.Order(StringComparer.Ordinal));
        Assert.Equal(["both:groups", "g1:after-add", "g2:except-y"], z.GroupMessages.Order(StringComparer.Ordinal));
        Assert.Equal(["all-but-z", "barrier"], x.Broadcasts);
        Assert.Equal(["barrier"], z.Broadcasts);
        Assert.Equal(["listed"], x.Direct);
        Assert.Equal(["listed"], z.Direct);
        Assert.Empty(y.Direct);
    }

    [Fact]
    public async Task A_cancelled_client_result_on_another_node_fails_at_once_and_leaves_the_client_usable()
    {
        await using var nats = await NatsServerProcess.StartAsync();
        var prefix = "cnc" + Guid.NewGuid().ToString("N")[..8];
        await using var node0 = await InProcessNode.StartAsync(o => { o.Url = nats.Url; o.SubjectPrefix = prefix; });
        await using var node1 = await InProcessNode.StartAsync(o => { o.Url = nats.Url; o.SubjectPrefix = prefix; });
        await using var a = await ClusterClient.ConnectAsync(node0.Url("first"), HttpTransportType.WebSockets, "json");
        await using var b = await ClusterClient.ConnectAsync(node1.Url("first"), HttpTransportType.WebSockets, "messagepack");
        b.Answer = q =>
        {
            Thread.Sleep(TimeSpan.FromSeconds(2));
            return q + " late";
        };

        var canceled = await Assert.ThrowsAsync<HubFramework.Client.HubException>(() => Wait.For(a.Connection.InvokeAsync<string>("AskWithin", b.Id, "slow", 300)));
        Assert.Contains("canceled", canceled.Message, StringComparison.OrdinalIgnoreCase);

        // The late answer finds nothing waiting on node 1 and is ignored; the next question is answered.
        b.Answer = q => q + " answered";
        Assert.Equal("fast answered", await Wait.For(a.Connection.InvokeAsync<string>("AskWithin", b.Id, "fast", 10_000)));
    }

    [Fact]
    public async Task Two_nodes_configured_with_the_same_node_id_are_reported()
    {
        await using var nats = await NatsServerProcess.StartAsync();
        var prefix = "dup" + Guid.NewGuid().ToString("N")[..8];
        using var logs = new CollectingLoggerProvider();
        void SameId(IServiceCollection services)
        {
            services.Configure<HubFramework.Server.Connections.ClientConnectionsOptions>(o => o.NodeId = "twin");
            services.AddSingleton<Microsoft.Extensions.Logging.ILoggerProvider>(logs);
        }

        await using var node0 = await InProcessNode.StartAsync(o => { o.Url = nats.Url; o.SubjectPrefix = prefix; o.HeartbeatInterval = TimeSpan.FromMilliseconds(300); }, SameId);
        await using var node1 = await InProcessNode.StartAsync(o => { o.Url = nats.Url; o.SubjectPrefix = prefix; o.HeartbeatInterval = TimeSpan.FromMilliseconds(300); }, SameId);
        await Wait.UntilAsync(() => logs.Entries.Any(e => e.EventId.Id == 4112 && e.Message.Contains("twin", StringComparison.Ordinal)), "the duplicate node id was logged");
    }

    [Theory]
    [InlineData("PeerTimeout")]
    [InlineData("HeartbeatInterval")]
    [InlineData("RequestTimeout")]
    [InlineData("OutageBufferMessages")]
    [InlineData("OutageBufferBytes")]
    [InlineData("ReceiveBufferMessages")]
    public async Task Invalid_options_fail_at_start_up_naming_the_option(string option)
    {
        var error = await Assert.ThrowsAnyAsync<Exception>(() => InProcessNode.StartAsync(o =>
        {
            o.Url = "nats://127.0.0.1:1";
            switch (option)
            {
                case "PeerTimeout": o.PeerTimeout = o.HeartbeatInterval; break;
                case "HeartbeatInterval": o.HeartbeatInterval = TimeSpan.Zero; break;
                case "RequestTimeout": o.RequestTimeout = TimeSpan.FromMilliseconds(-5); break;
                case "OutageBufferMessages": o.OutageBufferMessages = 0; break;
                case "OutageBufferBytes": o.OutageBufferBytes = -1; break;
                case "ReceiveBufferMessages": o.ReceiveBufferMessages = 0; break;
            }
        }));
        Assert.Contains("NatsBackplaneOptions." + option, error.ToString(), StringComparison.Ordinal);
    }

    private static NatsHubLifetimeManager<FirstProbeHub> Manager(KestrelApp node)
        => (NatsHubLifetimeManager<FirstProbeHub>)node.Services.GetRequiredService<HubNamespaceRegistry<FirstProbeHub>>().Resolve("/first").LifetimeManager;
}
