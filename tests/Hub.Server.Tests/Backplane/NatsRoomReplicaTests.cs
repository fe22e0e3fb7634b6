using HubFramework.Server.Backplane.Nats;
using HubFramework.Server.Backplane.Nats.Rooms;

namespace HubFramework.Server.Tests.Backplane;

/// <summary>The cluster room replica: revisions decide, so a lagging watch never undoes a newer write.</summary>
public class NatsRoomReplicaTests
{
    private static NatsRoomEntry Entry(string id, string node = "n1") => new() { ConnectionId = id, Node = node };

    [Fact]
    public void Keys_round_trip_any_namespace_room_and_id()
    {
        var key = NatsRoomKey.Member("/tenants/a%2Eb/hubs/x", "room with spaces.and.dots>*", "c-1_");
        Assert.Matches("^[-/_=.a-zA-Z0-9]+$", key);
        Assert.Equal(4, key.Split('.').Length);
        Assert.True(NatsRoomKey.TryParse(key, out var scope, out var room, out var id));
        Assert.Equal(("/tenants/a%2Eb/hubs/x", "room with spaces.and.dots>*", "c-1_"), (scope, room, id));
        Assert.False(NatsRoomKey.TryParse("m.only.three", out _, out _, out _));
        Assert.False(NatsRoomKey.TryParse("m.!!.x.y", out _, out _, out _));
    }

    [Fact]
    public void Older_revisions_are_ignored_and_a_local_delete_is_not_undone_by_a_stale_put()
    {
        var replica = new NatsRoomReplica();
        replica.Put("k1", "/s", "r", Entry("a"), revision: 5, now: 0);
        replica.Put("k1", "/s", "r", new NatsRoomEntry { ConnectionId = "a", Node = "n1", User = "old" }, revision: 3, now: 0);
        Assert.Null(Assert.Single(replica.Members("/s", "r")).User);

        replica.DeleteLocally("k1");
        Assert.Equal(0, replica.Count("/s", "r"));
        replica.Put("k1", "/s", "r", Entry("a"), revision: 5, now: 0);
        Assert.Equal(0, replica.Count("/s", "r"));

        // The watch confirms the delete, then a rejoin (newer revision) counts again.
        replica.Delete("k1", revision: 6);
        replica.Put("k1", "/s", "r", Entry("a"), revision: 7, now: 0);
        Assert.Equal(1, replica.Count("/s", "r"));

        // A delete older than the rejoin does not remove it.
        replica.Delete("k1", revision: 6);
        Assert.Equal(1, replica.Count("/s", "r"));
    }

    [Fact]
    public void Rooms_are_per_namespace_and_remote_members_are_listed_for_the_sweep()
    {
        var replica = new NatsRoomReplica();
        replica.Put("k1", "/a", "lobby", Entry("x", "self"), 1, 0);
        replica.Put("k2", "/b", "lobby", Entry("y", "other"), 2, 0);
        Assert.Equal(1, replica.Count("/a", "lobby"));
        Assert.Equal(1, replica.Count("/b", "lobby"));
        Assert.Equal("y", Assert.Single(replica.Remote("self")).Entry.ConnectionId);
    }

    [Fact]
    public void Options_are_validated()
    {
        Assert.Throws<InvalidOperationException>(() => new NatsRoomStoreOptions { HeartbeatInterval = TimeSpan.Zero }.Validate());
        Assert.Throws<InvalidOperationException>(() => new NatsRoomStoreOptions { SweepInterval = TimeSpan.FromDays(2) }.Validate());
        Assert.Throws<InvalidOperationException>(() => new NatsRoomStoreOptions { OperationTimeout = TimeSpan.FromSeconds(-1) }.Validate());
        var tooShort = Assert.Throws<InvalidOperationException>(() => new NatsRoomStoreOptions { HeartbeatInterval = TimeSpan.FromSeconds(5), NodeTimeout = TimeSpan.FromSeconds(6) }.Validate());
        Assert.Contains("twice HeartbeatInterval", tooShort.Message, StringComparison.Ordinal);
        new NatsRoomStoreOptions().Validate();
    }
}
