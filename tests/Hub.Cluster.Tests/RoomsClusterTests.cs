using System.Diagnostics;
using System.Text.Json;
using HubFramework.Client;
using HubFramework.Client.Tests.Contract;
using HubFramework.Protocol;

namespace HubFramework.Cluster.Tests;

/// <summary>
/// Rooms over two interop server nodes on a real nats-server: members and counts of every node (NATS Key/Value),
/// a killed node's members leaving with leave events, namespaces kept apart; and presence across nodes, which also
/// needs cross-node group sends from the NATS lifetime manager.
/// </summary>
public sealed class RoomsClusterTests(Xunit.Abstractions.ITestOutputHelper output)
{

    [Fact]
    public async Task Members_and_counts_of_every_node_are_seen_on_every_node_and_namespaces_stay_apart()
    {
        await using var cluster = await InteropCluster.StartAsync(2);
        var room = "kv-" + Guid.NewGuid().ToString("N")[..8];
        var (ann, _, _) = await RoomScenarios.ConnectAsync(cluster.Node(0).Url("hubs/interop"), HttpTransportType.WebSockets, "json");
        var (bob, _, _) = await RoomScenarios.ConnectAsync(cluster.Node(1).Url("hubs/interop"), HttpTransportType.WebSockets, "messagepack");
        var (acme, _, _) = await RoomScenarios.ConnectAsync(cluster.Node(1).Url("tenants/acme/hubs/interop"), HttpTransportType.LongPolling, "json");
        await using var d1 = ann;
        await using var d2 = bob;
        await using var d3 = acme;

        await WaitForRoomStoreAsync(ann, bob);
        Assert.Equal(1, await ann.InvokeAsync<int>("JoinRoom", room, RoomScenarios.State("ann")));
        var joined = Stopwatch.StartNew();
        await RoomScenarios.CountBecomesAsync(bob, room, 1);
        var seenAfter = joined.Elapsed;
        Assert.Equal(2, await bob.InvokeAsync<int>("JoinRoom", room, RoomScenarios.State("bob")));
        await acme.InvokeAsync<int>("JoinRoom", room, RoomScenarios.State("acme"));
        await RoomScenarios.CountBecomesAsync(ann, room, 2);

        foreach (var viewer in new[] { ann, bob })
        {
            var members = await viewer.InvokeAsync<JsonElement>("RoomMembers", room);
            var names = members.EnumerateArray().Select(m => RoomScenarios.Name(m.GetProperty("state"))).Order().ToArray();
            Assert.Equal(["ann", "bob"], names);
        }

        // The tenant's room of the same name is another room.
        Assert.Equal(1, await acme.InvokeAsync<int>("RoomCount", room));

        await bob.InvokeAsync("LeaveRoom", room);
        await RoomScenarios.CountBecomesAsync(ann, room, 1);
        await bob.InvokeAsync<int>("JoinRoom", room, RoomScenarios.State("bob"));
        await RoomScenarios.CountBecomesAsync(ann, room, 2);
        await bob.DisposeAsync();
        await RoomScenarios.CountBecomesAsync(ann, room, 1);

        output.WriteLine($"a join on node 0 was counted on node 1 after {seenAfter.TotalMilliseconds:F0} ms");

        // The contract says "within a second"; on a loaded machine the polls above allow more, the figure is reported.
        Assert.True(seenAfter < TimeSpan.FromSeconds(10), $"another node saw the join after {seenAfter}");
    }

    [Fact]
    public async Task The_members_of_a_killed_node_leave_within_the_bound_and_the_others_get_leave_events()
    {
        await using var cluster = await InteropCluster.StartAsync(2);
        var room = "kill-" + Guid.NewGuid().ToString("N")[..8];
        var (ann, annPresence, _) = await RoomScenarios.ConnectAsync(cluster.Node(0).Url("hubs/interop"), HttpTransportType.WebSockets, "json");
        await using var d1 = ann;
        var doomed = new List<HubConnection>();
        var (bob, _, _) = await RoomScenarios.ConnectAsync(cluster.Node(1).Url("hubs/interop"), HttpTransportType.WebSockets, "json");
        var (carol, _, _) = await RoomScenarios.ConnectAsync(cluster.Node(1).Url("hubs/interop"), HttpTransportType.LongPolling, "json");
        doomed.Add(bob);
        doomed.Add(carol);

        await WaitForRoomStoreAsync(ann, bob);
        await ann.InvokeAsync<int>("JoinRoom", room, RoomScenarios.State("ann"));
        await bob.InvokeAsync<int>("JoinRoom", room, RoomScenarios.State("bob"));
        await carol.InvokeAsync<int>("JoinRoom", room, RoomScenarios.State("carol"));
        await RoomScenarios.CountBecomesAsync(ann, room, 3);
        var ids = new[] { bob.ConnectionId!, carol.ConnectionId! };

        // Presence across nodes needs cross-node group sends; only what node 0 itself sends is awaited here.
        while (annPresence.Reader.TryRead(out _))
        {
        }

        var killed = Stopwatch.StartNew();
        cluster.KillNode(1);

        var leaves = new List<RoomScenarios.Presence>();
        while (leaves.Count < 2)
        {
            var next = await RoomScenarios.NextAsync(annPresence, TimeSpan.FromSeconds(30));
            if (next.Kind == "leave")
            {
                leaves.Add(next);
            }
        }

        var bound = killed.Elapsed;
        output.WriteLine($"the killed node's members left {bound.TotalSeconds:F1} s after the kill");
        Assert.Equal(ids.Order(), leaves.Select(l => l.ConnectionId).Order());
        Assert.Equal(["bob", "carol"], leaves.Select(l => RoomScenarios.Name(l.State)).Order());
        Assert.True(bound < TimeSpan.FromSeconds(20), $"the leaves came {bound} after the kill (bound: 15 s, plus slack for a loaded machine)");
        Assert.Equal(1, await ann.InvokeAsync<int>("RoomCount", room));

        foreach (var connection in doomed)
        {
            await connection.DisposeAsync();
        }
    }

    [Fact]
    public async Task While_nats_is_down_joins_fail_clearly_leaves_still_count_and_everything_catches_up_after()
    {
        await using var cluster = await InteropCluster.StartAsync(2);
        var room = "outage-" + Guid.NewGuid().ToString("N")[..8];
        var (ann, _, _) = await RoomScenarios.ConnectAsync(cluster.Node(0).Url("hubs/interop"), HttpTransportType.WebSockets, "json");
        var (bob, _, _) = await RoomScenarios.ConnectAsync(cluster.Node(1).Url("hubs/interop"), HttpTransportType.WebSockets, "json");
        await using var d1 = ann;
        await using var d2 = bob;
        await WaitForRoomStoreAsync(ann, bob);
        await ann.InvokeAsync<int>("JoinRoom", room, RoomScenarios.State("ann"));
        await RoomScenarios.CountBecomesAsync(bob, room, 1);

        cluster.Nats.Stop();
        var refused = await Assert.ThrowsAsync<HubException>(() => bob.InvokeAsync<int>("JoinRoom", room, RoomScenarios.State("bob")).WaitAsync(TimeSpan.FromSeconds(30)));
        Assert.Contains("unavailable", refused.Message, StringComparison.Ordinal);
        await ann.InvokeAsync("LeaveRoom", room);
        Assert.Equal(0, await ann.InvokeAsync<int>("RoomCount", room));
        Assert.Equal("still here", await bob.InvokeAsync<string>("Echo", "still here"));

        await cluster.Nats.RestartAsync();
        await WaitForRoomStoreAsync(bob);
        Assert.InRange(await bob.InvokeAsync<int>("JoinRoom", room, RoomScenarios.State("bob")), 1, 2);

        // ann's leave reaches the other node once NATS is back (the sweep deletes the key it could not delete then).
        await RoomScenarios.CountBecomesAsync(bob, room, 1, TimeSpan.FromSeconds(30));
        await RoomScenarios.CountBecomesAsync(ann, room, 1, TimeSpan.FromSeconds(30));
        var members = await ann.InvokeAsync<JsonElement>("RoomMembers", room);
        Assert.Equal(["bob"], members.EnumerateArray().Select(m => RoomScenarios.Name(m.GetProperty("state"))).ToArray());
    }

    [Fact]
    public async Task Presence_and_room_messages_cross_nodes()
    {
        await using var cluster = await InteropCluster.StartAsync(2);
        await RoomScenarios.PresenceAsync(cluster.Node(0).Url("hubs/interop"), cluster.Node(1).Url("hubs/interop"), HttpTransportType.WebSockets, "json");
    }

    /// <summary>Nodes connect to NATS in the background: wait until a join is accepted (bounded) before measuring.</summary>
    private static async Task WaitForRoomStoreAsync(params HubConnection[] connections)
    {
        var probe = "probe-" + Guid.NewGuid().ToString("N")[..8];
        foreach (var connection in connections)
        {
            var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
            while (true)
            {
                try
                {
                    await connection.InvokeAsync<int>("JoinRoom", probe, RoomScenarios.State("probe"));
                    await connection.InvokeAsync("LeaveRoom", probe);
                    break;
                }
                catch (HubException) when (DateTime.UtcNow < deadline)
                {
                    await Task.Delay(200);
                }
            }
        }
    }

}
