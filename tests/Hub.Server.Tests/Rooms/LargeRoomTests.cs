using System.Text.Json;

namespace HubFramework.Server.Tests.Rooms;

/// <summary>
/// Presence stays cheap in a large room: a join is one event to each member, serialized once, never the member list;
/// what a member receives does not depend on how many others there are.
/// </summary>
public class LargeRoomTests
{
    [Fact]
    public async Task One_more_joiner_in_a_room_of_5000_sends_exactly_one_event_to_each_member_of_a_size_independent_of_the_room()
    {
        const int Members = 5000;
        var small = await EventBytesPerMemberAsync(10);
        var large = await EventBytesPerMemberAsync(Members);

        // Each member got one frame, and it is the same size in a room of 10 and of 5,000.
        Assert.Equal(small, large);
    }

    private static async Task<int> EventBytesPerMemberAsync(int members)
    {
        // The room fills up quietly (otherwise filling it would itself send n²/2 events); then presence goes on.
        var presenceOn = false;
        await using var fixture = new RoomFixture(o => o.PresenceFilter = _ => presenceOn);
        var connections = new Fanout.FanoutConnection[members];
        for (var i = 0; i < members; i++)
        {
            connections[i] = await fixture.ConnectAsync("u" + (i % 10));
            await fixture.Rooms.JoinAsync(connections[i].ConnectionId, "big");
        }

        presenceOn = true;

        var joiner = await fixture.ConnectAsync("new");
        Assert.Equal(members + 1, await fixture.Rooms.JoinAsync(joiner.ConnectionId, "big", JsonSerializer.SerializeToElement(new { name = "late" })));

        int? bytes = null;
        foreach (var connection in connections)
        {
            var frame = (await connection.ReadAsync(1))[0];
            var presence = RoomFixture.ParsePresence(frame);
            Assert.Equal(("join", joiner.ConnectionId), (presence.Kind, presence.ConnectionId));
            bytes ??= frame.Length;
            Assert.Equal(bytes, frame.Length);
        }

        // Exactly one: nothing else follows for anyone (sampled: waiting 100 ms on each of 5,000 would take minutes).
        foreach (var connection in connections.Take(20).Concat(connections.TakeLast(20)))
        {
            Assert.Empty(await connection.ReadRestAsync());
        }

        Assert.Empty(await joiner.ReadRestAsync());
        Assert.Equal(members + 1, await fixture.Rooms.CountAsync("big"));

        // Tearing the room down quietly, too.
        presenceOn = false;

        // The frame names the joiner; its id's length is the only thing that may differ between two runs.
        return bytes!.Value - joiner.ConnectionId.Length;
    }
}
