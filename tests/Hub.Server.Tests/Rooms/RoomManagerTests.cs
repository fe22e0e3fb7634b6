using System.Text.Json;
using HubFramework.Server.Hubs;

namespace HubFramework.Server.Tests.Rooms;

public class RoomManagerTests
{
    private static JsonElement State(string name) => JsonSerializer.SerializeToElement(new { name, color = "#e33" });

    [Fact]
    public async Task Join_returns_the_count_and_the_others_get_one_join_event_with_user_and_state()
    {
        await using var fixture = new RoomFixture();
        var ann = await fixture.ConnectAsync("ann");
        var bob = await fixture.ConnectAsync("bob");

        Assert.Equal(1, await fixture.Rooms.JoinAsync(ann.ConnectionId, "lobby", State("ann")));
        Assert.Equal(2, await fixture.Rooms.JoinAsync(bob.ConnectionId, "lobby", State("bob")));

        var (room, kind, id, user, state) = RoomFixture.ParsePresence((await ann.ReadAsync(1))[0]);
        Assert.Equal(("lobby", "join", bob.ConnectionId, "bob"), (room, kind, id, user));
        Assert.Equal("{\"name\":\"bob\",\"color\":\"#e33\"}", state);

        // The joiner hears nothing about ann (it asks for the list), nor about itself.
        Assert.Empty(await bob.ReadRestAsync());
        Assert.Empty(await ann.ReadRestAsync());

        var members = await fixture.Rooms.GetMembersAsync("lobby");
        Assert.Equal([ann.ConnectionId, bob.ConnectionId], members.Select(m => m.ConnectionId).Order());
        Assert.Equal("bob", members.Single(m => m.ConnectionId == bob.ConnectionId).User);
        Assert.Equal(2, await fixture.Rooms.CountAsync("lobby"));
        Assert.Equal(["lobby"], await fixture.Rooms.GetRoomsAsync(bob.ConnectionId));
    }

    [Fact]
    public async Task A_members_events_arrive_in_the_order_it_caused_them_and_a_disconnect_is_a_leave()
    {
        await using var fixture = new RoomFixture();
        var watcher = await fixture.ConnectAsync("w");
        var actor = await fixture.ConnectAsync("a");
        await fixture.Rooms.JoinAsync(watcher.ConnectionId, "r");

        await fixture.Rooms.JoinAsync(actor.ConnectionId, "r", State("v0"));
        for (var i = 1; i <= 5; i++)
        {
            await fixture.Rooms.UpdateAsync(actor.ConnectionId, "r", State("v" + i));
        }

        await fixture.DisconnectAsync(actor);

        var events = (await watcher.ReadAsync(7)).Select(RoomFixture.ParsePresence).ToArray();
        Assert.Equal(["join", "update", "update", "update", "update", "update", "leave"], events.Select(e => e.Kind));
        Assert.Equal(Enumerable.Range(0, 6).Select(i => $"\"v{i}\"").Append("\"v5\""), events.Select(e => e.State![8..(e.State!.IndexOf(',', StringComparison.Ordinal))]));
        Assert.All(events, e => Assert.Equal(actor.ConnectionId, e.ConnectionId));
        Assert.Equal(1, await fixture.Rooms.CountAsync("r"));
        Assert.Empty(await watcher.ReadRestAsync());
    }

    [Fact]
    public async Task Leaving_tells_the_others_with_the_last_state_and_unknown_rooms_are_empty()
    {
        await using var fixture = new RoomFixture();
        var a = await fixture.ConnectAsync();
        var b = await fixture.ConnectAsync();
        await fixture.Rooms.JoinAsync(a.ConnectionId, "r");
        await fixture.Rooms.JoinAsync(b.ConnectionId, "r", State("last"));
        await a.ReadAsync(1);

        await fixture.Rooms.LeaveAsync(b.ConnectionId, "r");
        var leave = RoomFixture.ParsePresence((await a.ReadAsync(1))[0]);
        Assert.Equal("leave", leave.Kind);
        Assert.Contains("\"last\"", leave.State, StringComparison.Ordinal);

        // Leaving again, or a room never joined: nothing happens.
        await fixture.Rooms.LeaveAsync(b.ConnectionId, "r");
        await fixture.Rooms.LeaveAsync(b.ConnectionId, "elsewhere");
        Assert.Empty(await a.ReadRestAsync());
        Assert.Empty(await fixture.Rooms.GetRoomsAsync(b.ConnectionId));
        Assert.Empty(await fixture.Rooms.GetMembersAsync("nobody-here"));
        Assert.Equal(0, await fixture.Rooms.CountAsync("nobody-here"));
    }

    [Fact]
    public async Task Room_messages_reach_members_only_and_rooms_and_groups_of_one_name_are_unrelated()
    {
        await using var fixture = new RoomFixture();
        var inRoom = await fixture.ConnectAsync();
        var inGroup = await fixture.ConnectAsync();
        await fixture.Rooms.JoinAsync(inRoom.ConnectionId, "lobby");
        await fixture.Manager.AddToGroupAsync(inGroup.ConnectionId, "lobby");

        await fixture.Clients.Room("lobby").SendAsync("roomMessage", "lobby", "to the room");
        await fixture.Clients.Group("lobby").SendAsync("groupMessage", "lobby", "to the group");

        Assert.Equal("roomMessage", RoomFixture.Parse((await inRoom.ReadAsync(1))[0]).Target);
        Assert.Equal("groupMessage", RoomFixture.Parse((await inGroup.ReadAsync(1))[0]).Target);
        Assert.Empty(await inRoom.ReadRestAsync());
        Assert.Empty(await inGroup.ReadRestAsync());

        // The room's reserved group is not reachable as an application group.
        Assert.Throws<ArgumentException>(() => fixture.Clients.Group("$room/lobby"));
        await Assert.ThrowsAsync<ArgumentException>(() => new GroupManager<Fanout.FanoutHub>(fixture.Manager).AddToGroupAsync(inGroup.ConnectionId, "$room/lobby"));
    }

    [Fact]
    public async Task Presence_is_opt_in_per_room()
    {
        await using var fixture = new RoomFixture(o => o.PresenceFilter = room => room.StartsWith("p-", StringComparison.Ordinal));
        var a = await fixture.ConnectAsync();
        var b = await fixture.ConnectAsync();
        await fixture.Rooms.JoinAsync(a.ConnectionId, "quiet");
        await fixture.Rooms.JoinAsync(a.ConnectionId, "p-loud");
        await fixture.Rooms.JoinAsync(b.ConnectionId, "quiet");
        await fixture.Rooms.JoinAsync(b.ConnectionId, "p-loud");

        var frames = await a.ReadAsync(1);
        Assert.Equal("p-loud", RoomFixture.ParsePresence(frames[0]).Room);
        Assert.Empty(await a.ReadRestAsync());
        Assert.Equal(2, await fixture.Rooms.CountAsync("quiet"));
    }

    [Fact]
    public async Task Limits_refuse_with_a_clear_error_and_leave_everyone_else_alone()
    {
        await using var fixture = new RoomFixture(o =>
        {
            o.MaximumStateSize = 64;
            o.MaximumRoomsPerConnection = 2;
            o.MaximumRoomNameLength = 8;
            o.PresenceUpdateBurst = 3;
            o.PresenceUpdatesPerSecond = 0.01;
        });
        var a = await fixture.ConnectAsync();
        var b = await fixture.ConnectAsync();
        await fixture.Rooms.JoinAsync(b.ConnectionId, "r");

        var oversize = await Assert.ThrowsAsync<HubException>(() => fixture.Rooms.JoinAsync(a.ConnectionId, "r", new string('x', 100)));
        Assert.Contains("at most 64", oversize.Message, StringComparison.Ordinal);
        var longName = await Assert.ThrowsAsync<HubException>(() => fixture.Rooms.JoinAsync(a.ConnectionId, "much-too-long"));
        Assert.Contains("1 to 8 characters", longName.Message, StringComparison.Ordinal);
        Assert.Empty(await fixture.Rooms.GetRoomsAsync(a.ConnectionId));

        await fixture.Rooms.JoinAsync(a.ConnectionId, "r");
        await fixture.Rooms.JoinAsync(a.ConnectionId, "s");
        var tooMany = await Assert.ThrowsAsync<HubException>(() => fixture.Rooms.JoinAsync(a.ConnectionId, "t"));
        Assert.Contains("at most 2 rooms", tooMany.Message, StringComparison.Ordinal);

        // Burst of 3 spent by the two joins and one update: the flood is refused, the member stays as it was.
        await fixture.Rooms.UpdateAsync(a.ConnectionId, "r", "one");
        var flood = await Assert.ThrowsAsync<HubException>(() => fixture.Rooms.UpdateAsync(a.ConnectionId, "r", "two"));
        Assert.Contains("Too many presence changes", flood.Message, StringComparison.Ordinal);
        Assert.Equal("\"one\"", (await fixture.Rooms.GetMembersAsync("r")).Single(m => m.ConnectionId == a.ConnectionId).State!.Value.GetRawText());

        // b heard exactly a's join and one update; leaving is never rate limited.
        var kinds = (await b.ReadAsync(2)).Select(f => RoomFixture.ParsePresence(f).Kind).ToArray();
        Assert.Equal(["join", "update"], kinds);
        await fixture.Rooms.LeaveAsync(a.ConnectionId, "r");
        Assert.Equal("leave", RoomFixture.ParsePresence((await b.ReadAsync(1))[0]).Kind);
        Assert.Empty(await b.ReadRestAsync());

        await Assert.ThrowsAsync<HubException>(() => fixture.Rooms.JoinAsync("no-such-connection", "r"));
        await Assert.ThrowsAsync<HubException>(() => fixture.Rooms.UpdateAsync(b.ConnectionId, "s", "not a member"));
    }

    [Fact]
    public async Task Joins_leaves_presence_events_and_refusals_are_counted()
    {
        await using var fixture = new RoomFixture(o => o.MaximumStateSize = 16);
        var measured = new System.Collections.Concurrent.ConcurrentDictionary<string, long>();
        using var listener = new System.Diagnostics.Metrics.MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (ReferenceEquals(instrument.Meter, fixture.Metrics.Meter))
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) =>
        {
            var tag = tags.Length > 0 ? "/" + tags[0].Value : string.Empty;
            measured.AddOrUpdate(instrument.Name + tag, value, (_, sum) => sum + value);
        });
        listener.Start();

        var a = await fixture.ConnectAsync();
        var b = await fixture.ConnectAsync();
        await fixture.Rooms.JoinAsync(a.ConnectionId, "r");
        await fixture.Rooms.JoinAsync(b.ConnectionId, "r");
        await Assert.ThrowsAsync<HubException>(() => fixture.Rooms.UpdateAsync(b.ConnectionId, "r", new string('x', 40)));
        await fixture.Rooms.LeaveAsync(b.ConnectionId, "r");
        await fixture.DisconnectAsync(a);

        Assert.Equal(2, measured["hubframework.rooms.joins"]);
        Assert.Equal(1, measured["hubframework.rooms.leaves/left"]);
        Assert.Equal(1, measured["hubframework.rooms.leaves/disconnected"]);
        Assert.Equal(2, measured["hubframework.rooms.presence_events/join"]);
        Assert.Equal(1, measured["hubframework.rooms.refusals"]);
    }
}
