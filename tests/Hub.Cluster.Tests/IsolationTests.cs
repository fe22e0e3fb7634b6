using HubFramework.Client;
using HubFramework.Protocol;

namespace HubFramework.Cluster.Tests;

/// <summary>Two hubs, and two applications with different subject prefixes, on one nats-server never cross.</summary>
public sealed class IsolationTests
{
    [Fact]
    public async Task Two_hubs_on_the_same_nodes_never_see_each_others_traffic()
    {
        await using var nats = await NatsServerProcess.StartAsync();
        var prefix = "iso" + Guid.NewGuid().ToString("N")[..8];
        await using var node0 = await InProcessNode.StartAsync(o => { o.Url = nats.Url; o.SubjectPrefix = prefix; });
        await using var node1 = await InProcessNode.StartAsync(o => { o.Url = nats.Url; o.SubjectPrefix = prefix; });
        await using var first0 = await ClusterClient.ConnectAsync(node0.Url("first"), HttpTransportType.WebSockets, "json");
        await using var first1 = await ClusterClient.ConnectAsync(node1.Url("first"), HttpTransportType.WebSockets, "messagepack");
        await using var second0 = await ClusterClient.ConnectAsync(node0.Url("second"), HttpTransportType.WebSockets, "json");
        await using var second1 = await ClusterClient.ConnectAsync(node1.Url("second"), HttpTransportType.LongPolling, "json");

        await first1.Connection.InvokeAsync("JoinGroup", "shared");
        await second1.Connection.InvokeAsync("JoinGroup", "shared");
        await first0.Connection.InvokeAsync("Broadcast", "first-all");
        await first0.Connection.InvokeAsync("SendToGroup", "shared", "first-group");
        await first0.Connection.InvokeAsync("SendToConnection", second1.Id, "first-direct");
        await Wait.UntilAsync(() => first1.Broadcasts.Contains("first-all") && first1.GroupMessages.Contains("shared:first-group"), "the first hub crossed nodes");

        await second0.Connection.InvokeAsync("Broadcast", "second-barrier");
        await Wait.UntilAsync(() => second1.Broadcasts.Contains("second-barrier"), "the second hub crossed nodes");
        await Task.Delay(300);
        Assert.Equal(["second-barrier"], second1.Broadcasts);
        Assert.Empty(second1.GroupMessages);
        Assert.Empty(second1.Direct);
        Assert.DoesNotContain("second-barrier", first1.Broadcasts);
    }

    [Fact]
    public async Task Two_applications_with_different_prefixes_on_one_nats_server_never_cross()
    {
        var nats = await NatsServerProcess.StartAsync();
        await using var appA = await InteropCluster.StartAsync(2, new Dictionary<string, string> { ["HUB_NATS_PREFIX"] = "appA" }, nats);
        await using var appB = await InteropCluster.StartAsync(1, new Dictionary<string, string> { ["HUB_NATS_PREFIX"] = "appB" }, nats);
        await using var a0 = await ClusterClient.ConnectAsync(appA.Node(0).Url("hubs/interop"), HttpTransportType.WebSockets, "json");
        await using var a1 = await ClusterClient.ConnectAsync(appA.Node(1).Url("hubs/interop"), HttpTransportType.ServerSentEvents, "json");
        await using var b0 = await ClusterClient.ConnectAsync(appB.Node(0).Url("hubs/interop"), HttpTransportType.WebSockets, "messagepack");

        await a1.Connection.InvokeAsync("JoinGroup", "shared");
        await b0.Connection.InvokeAsync("JoinGroup", "shared");
        await a0.Connection.InvokeAsync("Broadcast", "a-all");
        await a0.Connection.InvokeAsync("SendToGroup", "shared", "a-group");
        await Wait.UntilAsync(() => a1.Broadcasts.Contains("a-all") && a1.GroupMessages.Contains("shared:a-group"), "app A crossed its nodes");

        await b0.Connection.InvokeAsync("SendToConnection", a1.Id, "b-direct");
        var failure = await Assert.ThrowsAsync<HubException>(() => Wait.For(b0.Connection.InvokeAsync<string>("AskConnection", a1.Id, "from b?"), TimeSpan.FromSeconds(15)));
        Assert.Contains("not connected", failure.Message);
        await a0.Connection.InvokeAsync("Broadcast", "a-barrier");
        await Wait.UntilAsync(() => a1.Broadcasts.Contains("a-barrier"), "app A's barrier");
        await Task.Delay(300);
        Assert.DoesNotContain(b0.Broadcasts, m => m.StartsWith("a-", StringComparison.Ordinal));
        Assert.Empty(b0.GroupMessages);
        Assert.Empty(a1.Direct);
    }
}
