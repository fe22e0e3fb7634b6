using HubFramework.Server.Hubs;

namespace HubFramework.Server.Tests.Fanout;

public class LifetimeManagerSendTests
{
    private static string Msg(string text) => $"1||m|{text}";

    [Fact]
    public async Task SendAll_reaches_every_connection_and_AllExcept_skips_the_excluded()
    {
        await using var fixture = new LifetimeManagerFixture<FanoutHub>();
        var (a, b, c) = (await fixture.ConnectAsync(), await fixture.ConnectAsync(), await fixture.ConnectAsync());

        await fixture.Manager.SendAllAsync("m", ["all"], null);
        await fixture.Manager.SendAllExceptAsync("m", ["except"], [b.ConnectionId, c.ConnectionId], null);

        Assert.Equal(new[] { Msg("all"), Msg("except") }, await a.ReadAsync(2));
        Assert.Equal(new[] { Msg("all") }, await b.ReadAsync(1));
        Assert.Equal(new[] { Msg("all") }, await c.ReadAsync(1));
        Assert.Empty(await b.ReadRestAsync());
    }

    [Fact]
    public async Task Groups_receive_only_while_joined()
    {
        await using var fixture = new LifetimeManagerFixture<FanoutHub>();
        var member = await fixture.ConnectAsync();
        var outsider = await fixture.ConnectAsync();

        await fixture.Manager.AddToGroupAsync(member.ConnectionId, "room");
        await fixture.Manager.SendGroupAsync("room", "m", ["1"], null);
        await fixture.Manager.RemoveFromGroupAsync(member.ConnectionId, "room");
        await fixture.Manager.SendGroupAsync("room", "m", ["2"], null);

        Assert.Equal(new[] { Msg("1") }, await member.ReadAsync(1));
        Assert.Empty(await member.ReadRestAsync());
        Assert.Empty(await outsider.ReadRestAsync());
        Assert.Equal(0, fixture.Manager.GroupCount);
    }

    [Fact]
    public async Task Group_names_are_case_sensitive()
    {
        await using var fixture = new LifetimeManagerFixture<FanoutHub>();
        var member = await fixture.ConnectAsync();
        await fixture.Manager.AddToGroupAsync(member.ConnectionId, "Room");

        await fixture.Manager.SendGroupAsync("room", "m", ["lower"], null);
        await fixture.Manager.SendGroupAsync("Room", "m", ["exact"], null);

        Assert.Equal(new[] { Msg("exact") }, await member.ReadAsync(1));
        Assert.Empty(await member.ReadRestAsync());
    }

    [Fact]
    public async Task GroupExcept_skips_the_excluded_members()
    {
        await using var fixture = new LifetimeManagerFixture<FanoutHub>();
        var a = await fixture.ConnectAsync();
        var b = await fixture.ConnectAsync();
        await fixture.Manager.AddToGroupAsync(a.ConnectionId, "g");
        await fixture.Manager.AddToGroupAsync(b.ConnectionId, "g");

        await fixture.Manager.SendGroupExceptAsync("g", "m", ["x"], [a.ConnectionId], null);

        Assert.Equal(new[] { Msg("x") }, await b.ReadAsync(1));
        Assert.Empty(await a.ReadRestAsync());
    }

    [Fact]
    public async Task Groups_deliver_once_to_a_connection_in_several_of_them()
    {
        await using var fixture = new LifetimeManagerFixture<FanoutHub>();
        var both = await fixture.ConnectAsync();
        var one = await fixture.ConnectAsync();
        await fixture.Manager.AddToGroupAsync(both.ConnectionId, "g1");
        await fixture.Manager.AddToGroupAsync(both.ConnectionId, "g2");
        await fixture.Manager.AddToGroupAsync(one.ConnectionId, "g2");

        await fixture.Manager.SendGroupsAsync(["g1", "g2", "g1", "missing"], "m", ["once"], null);

        Assert.Equal(new[] { Msg("once") }, await both.ReadAsync(1));
        Assert.Equal(new[] { Msg("once") }, await one.ReadAsync(1));
        Assert.Empty(await both.ReadRestAsync());
    }

    [Fact]
    public async Task Users_reach_every_connection_of_the_user_once()
    {
        await using var fixture = new LifetimeManagerFixture<FanoutHub>();
        var alice1 = await fixture.ConnectAsync(user: "alice");
        var alice2 = await fixture.ConnectAsync(user: "alice");
        var bob = await fixture.ConnectAsync(user: "bob");
        var anonymous = await fixture.ConnectAsync();

        await fixture.Manager.SendUserAsync("alice", "m", ["a"], null);
        await fixture.Manager.SendUsersAsync(["bob", "alice", "bob"], "m", ["ab"], null);
        await fixture.Manager.SendUserAsync("Alice", "m", ["case"], null);

        Assert.Equal(new[] { Msg("a"), Msg("ab") }, await alice1.ReadAsync(2));
        Assert.Equal(new[] { Msg("a"), Msg("ab") }, await alice2.ReadAsync(2));
        Assert.Equal(new[] { Msg("ab") }, await bob.ReadAsync(1));
        Assert.Empty(await bob.ReadRestAsync());
        Assert.Empty(await alice1.ReadRestAsync());
        Assert.Empty(await anonymous.ReadRestAsync());
    }

    [Fact]
    public async Task Connection_and_Connections_target_ids_once_and_ignore_unknown_ones()
    {
        await using var fixture = new LifetimeManagerFixture<FanoutHub>();
        var a = await fixture.ConnectAsync();
        var b = await fixture.ConnectAsync();

        await fixture.Manager.SendConnectionAsync(a.ConnectionId, "m", ["one"], null);
        await fixture.Manager.SendConnectionAsync("nobody", "m", ["lost"], null);
        await fixture.Manager.SendConnectionsAsync([b.ConnectionId, "nobody", b.ConnectionId, a.ConnectionId], "m", ["many"], null);

        Assert.Equal(new[] { Msg("one"), Msg("many") }, await a.ReadAsync(2));
        Assert.Equal(new[] { Msg("many") }, await b.ReadAsync(1));
        Assert.Empty(await b.ReadRestAsync());
    }

    [Fact]
    public async Task A_disconnected_connection_leaves_every_group_and_user_and_gets_nothing_more()
    {
        await using var fixture = new LifetimeManagerFixture<FanoutHub>();
        var leaving = await fixture.ConnectAsync(user: "u");
        var staying = await fixture.ConnectAsync();
        await fixture.Manager.AddToGroupAsync(leaving.ConnectionId, "g1");
        await fixture.Manager.AddToGroupAsync(leaving.ConnectionId, "g2");
        await fixture.Manager.AddToGroupAsync(staying.ConnectionId, "g2");

        await fixture.Manager.OnDisconnectedAsync(leaving.Context);
        await fixture.Manager.SendAllAsync("m", ["all"], null);
        await fixture.Manager.SendGroupsAsync(["g1", "g2"], "m", ["groups"], null);
        await fixture.Manager.SendUserAsync("u", "m", ["user"], null);
        await fixture.Manager.AddToGroupAsync(leaving.ConnectionId, "g3");

        Assert.Empty(await leaving.ReadRestAsync());
        Assert.Equal(new[] { Msg("all"), Msg("groups") }, await staying.ReadAsync(2));
        Assert.Equal(1, fixture.Manager.GroupCount);
        Assert.Equal(1, fixture.Manager.ConnectionCount);
    }

    [Fact]
    public async Task A_connection_id_cannot_be_registered_twice()
    {
        await using var fixture = new LifetimeManagerFixture<FanoutHub>();
        var connection = await fixture.ConnectAsync();

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => fixture.Manager.OnConnectedAsync(connection.Context));
        Assert.Contains("already registered", error.Message);
    }

    [Fact]
    public async Task A_broadcast_serializes_once_per_protocol_in_use()
    {
        await using var fixture = new LifetimeManagerFixture<FanoutHub>();
        var textA = new CountingHubProtocol(new TestTextProtocol("a"));
        var textB = new CountingHubProtocol(new TestTextProtocol("b"));
        var onA = await fixture.ConnectManyAsync(10, textA);
        var onB = await fixture.ConnectManyAsync(5, textB);
        foreach (var connection in onA.Concat(onB))
        {
            await fixture.Manager.AddToGroupAsync(connection.ConnectionId, "g");
        }

        await fixture.Manager.SendAllAsync("m", ["x"], null);
        Assert.Equal((1, 1), (textA.Serializations, textB.Serializations));

        await fixture.Manager.SendGroupsAsync(["g", "g"], "m", ["y"], null);
        Assert.Equal((2, 2), (textA.Serializations, textB.Serializations));

        await fixture.Manager.SendGroupAsync("empty", "m", ["z"], null);
        Assert.Equal((2, 2), (textA.Serializations, textB.Serializations));

        foreach (var connection in onA.Concat(onB))
        {
            Assert.Equal(new[] { Msg("x"), Msg("y") }, await connection.ReadAsync(2));
        }
    }

    [Fact]
    public async Task A_send_to_one_connection_serializes_only_for_it()
    {
        await using var fixture = new LifetimeManagerFixture<FanoutHub>();
        var counting = new CountingHubProtocol(TestTextProtocol.Instance);
        var target = await fixture.ConnectAsync(protocol: counting);
        await fixture.ConnectManyAsync(3, counting);

        await fixture.Manager.SendConnectionAsync(target.ConnectionId, "m", ["one"], null);

        Assert.Equal(1, counting.Serializations);
        Assert.Equal(new[] { Msg("one") }, await target.ReadAsync(1));
    }

    [Fact]
    public async Task A_broadcast_that_cannot_be_serialized_fails_the_send_and_reaches_nobody()
    {
        await using var fixture = new LifetimeManagerFixture<FanoutHub>();
        var connection = await fixture.ConnectAsync();

        await Assert.ThrowsAsync<InvalidOperationException>(() => fixture.Manager.SendAllAsync("m", [new TestTextProtocol.Unserializable()], null));
        await fixture.Manager.SendAllAsync("m", ["ok"], null);

        Assert.Equal(new[] { Msg("ok") }, await connection.ReadAsync(1));
    }

    [Fact]
    public async Task Caller_relative_clients_target_the_caller_others_and_others_in_group()
    {
        await using var fixture = new LifetimeManagerFixture<FanoutHub>();
        var caller = await fixture.ConnectAsync();
        var other = await fixture.ConnectAsync();
        await fixture.Manager.AddToGroupAsync(caller.ConnectionId, "g");
        await fixture.Manager.AddToGroupAsync(other.ConnectionId, "g");
        var context = new HubContext<FanoutHub>(fixture.Manager);
        var clients = new HubCallerClients(context.Clients, caller.ConnectionId);

        await clients.Caller.SendAsync("m", "caller");
        await clients.Others.SendAsync("m", "others");
        await clients.OthersInGroup("g").SendAsync("m", "group");
        await clients.All.SendAsync("m", "all");

        Assert.Equal(new[] { Msg("caller"), Msg("all") }, await caller.ReadAsync(2));
        Assert.Equal(new[] { Msg("others"), Msg("group"), Msg("all") }, await other.ReadAsync(3));
    }

    [Fact]
    public async Task HubContext_groups_and_clients_go_through_the_lifetime_manager()
    {
        await using var fixture = new LifetimeManagerFixture<FanoutHub>();
        var a = await fixture.ConnectAsync(user: "ua");
        var b = await fixture.ConnectAsync();
        IHubContext<FanoutHub> context = new HubContext<FanoutHub>(fixture.Manager);

        await context.Groups.AddToGroupAsync(a.ConnectionId, "g");
        await context.Clients.Group("g").SendAsync("m", "group");
        await context.Clients.Groups(["g"]).SendAsync("m", "groups");
        await context.Clients.GroupExcept("g", [a.ConnectionId]).SendAsync("m", "nobody");
        await context.Clients.User("ua").SendAsync("m", "user");
        await context.Clients.Users(["ua"]).SendAsync("m", "users");
        await context.Clients.Client(b.ConnectionId).SendAsync("m", "client");
        await context.Clients.Clients([b.ConnectionId]).SendAsync("m", "clients");
        await context.Clients.AllExcept([a.ConnectionId]).SendAsync("m", "allexcept");
        await context.Groups.RemoveFromGroupAsync(a.ConnectionId, "g");
        await context.Clients.Group("g").SendAsync("m", "left");

        Assert.Equal(new[] { Msg("group"), Msg("groups"), Msg("user"), Msg("users") }, await a.ReadAsync(4));
        Assert.Equal(new[] { Msg("client"), Msg("clients"), Msg("allexcept") }, await b.ReadAsync(3));
        Assert.Empty(await a.ReadRestAsync());
    }

    [Fact]
    public async Task WithOptions_applies_a_policy_to_every_send_of_a_proxy()
    {
        await using var fixture = new LifetimeManagerFixture<FanoutHub>();
        var slow = await fixture.ConnectAsync(configure: o => o.OutboundQueue.MaxQueuedMessages = 2, stalled: true);
        var context = new HubContext<FanoutHub>(fixture.Manager);
        var cursors = context.Clients.All.WithOptions(HubFramework.Server.Hubs.Outbound.SendOptions.Coalesce("cursor"));

        for (var i = 0; i < 10; i++)
        {
            await cursors.SendAsync("m", $"p{i}");
        }

        Assert.False(slow.Context.ConnectionAborted.IsCancellationRequested);
        Assert.True(slow.Context.Outbound.CoalescedMessages > 0);
        Assert.Equal(Msg("p9"), (await slow.ReadRestAsync())[^1]);
    }

    [Fact]
    public async Task Per_send_options_override_the_hub_policy()
    {
        await using var fixture = new LifetimeManagerFixture<FanoutHub>();
        var slow = await fixture.ConnectAsync(configure: o => o.OutboundQueue.MaxQueuedMessages = 2, stalled: true);
        var context = new HubContext<FanoutHub>(fixture.Manager);

        for (var i = 0; i < 10; i++)
        {
            await context.Clients.All.SendCoreAsync("m", [$"p{i}"], HubFramework.Server.Hubs.Outbound.SendOptions.Coalesce("pos"));
        }

        // Under the hub's default policy (Wait, which a broadcast treats as Disconnect) a queue of 2 would have closed
        // this stalled connection; coalescing keeps only the newest position queued instead.
        Assert.False(slow.Context.ConnectionAborted.IsCancellationRequested);
        var frames = await slow.ReadRestAsync();
        Assert.Equal(Msg("p9"), frames[^1]);
        Assert.Equal(frames.OrderBy(f => int.Parse(f[(f.LastIndexOf('p') + 1)..])), frames);
        Assert.True(frames.Count < 10);
        Assert.Equal((long)(10 - frames.Count), slow.Context.Outbound.CoalescedMessages + slow.Context.Outbound.DroppedMessages);
    }
}
