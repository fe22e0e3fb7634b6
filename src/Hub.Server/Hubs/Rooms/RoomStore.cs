namespace HubFramework.Server.Hubs;

/// <summary>
/// Where the members of one namespace's rooms are kept: in memory for one node, or cluster-wide (NATS Key/Value with
/// the NATS backplane). The room manager serializes the changes of each member, so a store sees the changes of one
/// member in order.
/// </summary>
public abstract class RoomStore
{
    /// <summary>Adds <paramref name="member"/> to <paramref name="room"/> or replaces it; returns the member count after.</summary>
    public abstract ValueTask<int> AddAsync(string room, RoomMember member, CancellationToken cancellationToken);

    /// <summary>Removes a member; false when it was not in the room.</summary>
    public abstract ValueTask<bool> RemoveAsync(string room, string connectionId, CancellationToken cancellationToken);

    /// <summary>The room's members (empty for an unknown room).</summary>
    public abstract ValueTask<IReadOnlyList<RoomMember>> GetMembersAsync(string room, CancellationToken cancellationToken);

    /// <summary>The room's member count.</summary>
    public abstract ValueTask<int> CountAsync(string room, CancellationToken cancellationToken);
}
