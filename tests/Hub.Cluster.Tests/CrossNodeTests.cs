using System.Diagnostics;
using HubFramework.Client;
using HubFramework.Protocol;

namespace HubFramework.Cluster.Tests;

/// <summary>
/// Every contract method that addresses other connections, across three nodes on one nats-server, with our client on
/// different nodes, transports and protocols.
/// </summary>
public sealed class CrossNodeTests(ThreeNodeClusterFixture fixture) : IClassFixture<ThreeNodeClusterFixture>
{
    private static readonly TimeSpan Contract = TimeSpan.FromSeconds(15);

    [Fact]
    public async Task Broadcasts_reach_every_node_and_others_skips_only_the_caller()
    {
        await using var a = await ClusterClient.ConnectAsync(fixture.Hub(0), HttpTransportType.WebSockets, "json");
        await using var b = await ClusterClient.ConnectAsync(fixture.Hub(1), HttpTransportType.ServerSentEvents, "json");
        await using var c = await ClusterClient.ConnectAsync(fixture.Hub(2), HttpTransportType.LongPolling, "messagepack");
        var tag = Guid.NewGuid().ToString("N");

        await a.Connection.InvokeAsync("Broadcast", tag + "-all");
        foreach (var client in new[] { a, b, c })
        {
            await Wait.UntilAsync(() => client.Broadcasts.Contains(tag + "-all"), "every node got the broadcast");
        }

        await b.Connection.InvokeAsync("BroadcastOthers", tag + "-others");
        await Wait.UntilAsync(() => a.Broadcasts.Contains(tag + "-others") && c.Broadcasts.Contains(tag + "-others"), "the others got it");

        // A later broadcast from another node arrives after anything b's own node would have queued for b.
        await c.Connection.InvokeAsync("Broadcast", tag + "-end");
        await Wait.UntilAsync(() => b.Broadcasts.Contains(tag + "-end"), "b got the last broadcast");
        Assert.DoesNotContain(tag + "-others", b.Broadcasts);
        Assert.Single(a.Broadcasts, m => m == tag + "-all");
        Assert.Single(c.Broadcasts, m => m == tag + "-all");
    }

    [Fact]
    public async Task Groups_span_nodes_and_other_nodes_change_membership()
    {
        await using var a = await ClusterClient.ConnectAsync(fixture.Hub(0), HttpTransportType.WebSockets, "messagepack");
        await using var b = await ClusterClient.ConnectAsync(fixture.Hub(1), HttpTransportType.WebSockets, "json");
        await using var c = await ClusterClient.ConnectAsync(fixture.Hub(2), HttpTransportType.ServerSentEvents, "json");
        var group = "g " + Guid.NewGuid().ToString("N") + " ✓";

        await b.Connection.InvokeAsync("JoinGroup", group);
        await a.Connection.InvokeAsync("SendToGroup", group, "1");
        await Wait.UntilAsync(() => b.GroupMessages.Contains(group + ":1"), "b got the group message from node 0");

        // a (node 0) adds c (node 2): in effect everywhere once the call returns.
        await Wait.For(a.Connection.InvokeAsync("AddToGroup", c.Id, group), Contract);
        await b.Connection.InvokeAsync("SendToGroup", group, "2");
        await Wait.UntilAsync(() => c.GroupMessages.Contains(group + ":2") && b.GroupMessages.Contains(group + ":2"), "both members got it");

        // b (node 1) removes c (node 2).
        await Wait.For(b.Connection.InvokeAsync("RemoveFromGroup", c.Id, group), Contract);
        await a.Connection.InvokeAsync("SendToGroup", group, "3");
        await Wait.UntilAsync(() => b.GroupMessages.Contains(group + ":3"), "b got the third");
        await a.Connection.InvokeAsync("Broadcast", group + "-barrier");
        await Wait.UntilAsync(() => c.Broadcasts.Contains(group + "-barrier"), "c got the barrier");
        Assert.DoesNotContain(group + ":3", c.GroupMessages);
        Assert.DoesNotContain(group + ":1", a.GroupMessages);
        Assert.Single(b.GroupMessages, m => m == group + ":2");
    }

    [Fact]
    public async Task Single_connections_and_users_are_reached_on_their_node()
    {
        await using var a = await ClusterClient.ConnectAsync(fixture.Hub(0), HttpTransportType.LongPolling, "json");
        await using var c = await ClusterClient.ConnectAsync(fixture.Hub(2), HttpTransportType.WebSockets, "messagepack");
        await using var user1 = await ClusterClient.ConnectAsync(fixture.SecureHub(1), HttpTransportType.WebSockets, "json", () => Task.FromResult<string?>("interop-token"));
        await using var user2 = await ClusterClient.ConnectAsync(fixture.SecureHub(2), HttpTransportType.LongPolling, "messagepack", () => Task.FromResult<string?>("interop-token"));
        var tag = Guid.NewGuid().ToString("N");

        await a.Connection.InvokeAsync("SendToConnection", c.Id, tag + "-to-c");
        await Wait.UntilAsync(() => c.Direct.Contains(tag + "-to-c"), "c got the direct message");

        // Users belong to a namespace like everything else: the sender is on the secure path too (on another node).
        await using var sender = await ClusterClient.ConnectAsync(fixture.SecureHub(0), HttpTransportType.ServerSentEvents, "json", () => Task.FromResult<string?>("interop-token-2"));
        await sender.Connection.InvokeAsync("SendToUser", "interop-user", tag + "-to-user");
        await Wait.UntilAsync(() => user1.Direct.Contains(tag + "-to-user") && user2.Direct.Contains(tag + "-to-user"), "the user got it on both nodes");
        Assert.Single(user1.Direct, m => m == tag + "-to-user");
        Assert.Single(user2.Direct, m => m == tag + "-to-user");
        Assert.DoesNotContain(c.Direct, m => m.EndsWith("-to-user", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Client_results_are_routed_to_the_owning_node_and_back()
    {
        await using var a = await ClusterClient.ConnectAsync(fixture.Hub(0), HttpTransportType.WebSockets, "json");
        await using var b = await ClusterClient.ConnectAsync(fixture.Hub(1), HttpTransportType.LongPolling, "messagepack");
        b.Answer = q => "b says " + q;

        Assert.Equal("b says hi", await Wait.For(a.Connection.InvokeAsync<string>("AskConnection", b.Id, "hi"), Contract));
        Assert.Equal("b says ✓ again", await Wait.For(a.Connection.InvokeAsync<string>("AskConnection", b.Id, "✓ again"), Contract));

        b.Answer = _ => throw new InvalidOperationException("b refused");
        var refused = await Assert.ThrowsAsync<HubException>(() => Wait.For(a.Connection.InvokeAsync<string>("AskConnection", b.Id, "q"), Contract));
        Assert.Contains("b refused", refused.Message);
    }

    [Fact]
    public async Task A_client_result_fails_within_the_bound_when_the_connection_leaves_while_asked()
    {
        await using var a = await ClusterClient.ConnectAsync(fixture.Hub(0), HttpTransportType.WebSockets, "messagepack");
        var leaving = await ClusterClient.ConnectAsync(fixture.Hub(2), HttpTransportType.WebSockets, "json");
        var asked = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        leaving.Answer = q =>
        {
            asked.TrySetResult();
            Thread.Sleep(TimeSpan.FromSeconds(3));
            return q;
        };

        var pending = a.Connection.InvokeAsync<string>("AskConnection", leaving.Id, "going?");
        await Wait.For(asked.Task, Contract);
        var watch = Stopwatch.StartNew();
        var stopping = leaving.Connection.StopAsync();
        var error = await Assert.ThrowsAsync<HubException>(() => Wait.For(pending, Contract));
        Assert.Contains("not connected", error.Message);
        Assert.True(watch.Elapsed < Contract, watch.Elapsed.ToString());
        await Wait.For(stopping, Contract);
        await leaving.DisposeAsync();
    }

    [Fact]
    public async Task Gone_connections_fail_cleanly_within_the_bound()
    {
        await using var a = await ClusterClient.ConnectAsync(fixture.Hub(0), HttpTransportType.WebSockets, "json");
        var gone = await ClusterClient.ConnectAsync(fixture.Hub(1), HttpTransportType.WebSockets, "json");
        var goneId = gone.Id;
        await gone.DisposeAsync();

        foreach (var id in new[] { goneId, "never-existed", "nosuchnode.abc", a.Id + "x" })
        {
            var watch = Stopwatch.StartNew();
            var error = await Assert.ThrowsAsync<HubException>(() => Wait.For(a.Connection.InvokeAsync<string>("AskConnection", id, "anyone?"), Contract));
            Assert.Contains("not connected", error.Message);
            await Wait.For(a.Connection.InvokeAsync("AddToGroup", id, "g"), Contract);
            await Wait.For(a.Connection.InvokeAsync("RemoveFromGroup", id, "g"), Contract);
            Assert.True(watch.Elapsed < Contract * 3, $"{id}: {watch.Elapsed}");
        }

        // The caller is fine afterwards.
        Assert.Equal("ok", await a.Connection.InvokeAsync<string>("Echo", "ok"));
    }

    [Fact]
    public async Task Thousand_messages_to_a_group_member_on_another_node_arrive_in_order()
    {
        await using var sender = await ClusterClient.ConnectAsync(fixture.Hub(0), HttpTransportType.WebSockets, "messagepack");
        await using var member = await ClusterClient.ConnectAsync(fixture.Hub(2), HttpTransportType.WebSockets, "json");
        var group = "order-" + Guid.NewGuid().ToString("N");
        await member.Connection.InvokeAsync("JoinGroup", group);

        for (var i = 0; i < 1000; i++)
        {
            await sender.Connection.SendAsync("SendToGroup", group, i.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        await Wait.UntilAsync(() => member.GroupMessages.Count >= 1000, "the member got 1,000 messages", TimeSpan.FromSeconds(60));
        var received = member.GroupMessages.Select(m => int.Parse(m[(group.Length + 1)..], System.Globalization.CultureInfo.InvariantCulture)).ToArray();
        Assert.Equal(Enumerable.Range(0, 1000), received);
    }
}
