namespace HubFramework.Server.Hubs;

/// <summary>
/// Rooms of one namespace: groups whose members are listable and carry a small presence state. Rooms and groups are
/// separate (a room and a group of the same name are unrelated). Send to a room with <c>Clients.Room(room)</c>.
/// With presence on (<see cref="RoomOptions.PresenceMethod"/>), every join, update and leave reaches the room's other
/// members as one event each, in the order each member caused them; a member that disconnects leaves.
/// </summary>
public interface IRoomManager
{
    /// <summary>
    /// Adds a connection of this node to <paramref name="room"/> with <paramref name="state"/> (any JSON-serializable
    /// value, or null); joining a room it is already in replaces its state (an update). Returns the member count
    /// after the join.
    /// </summary>
    /// <exception cref="HubException">The connection is not connected here, or a limit of <see cref="RoomOptions"/> is exceeded.</exception>
    Task<int> JoinAsync(string connectionId, string room, object? state = null, CancellationToken cancellationToken = default);

    /// <summary>Replaces the state of a member (a connection of this node).</summary>
    /// <exception cref="HubException">The connection is not in the room, or it updates faster than <see cref="RoomOptions"/> allows.</exception>
    Task UpdateAsync(string connectionId, string room, object? state, CancellationToken cancellationToken = default);

    /// <summary>Removes a connection of this node from <paramref name="room"/> (nothing happens when it is not a member).</summary>
    Task LeaveAsync(string connectionId, string room, CancellationToken cancellationToken = default);

    /// <summary>The room's members (on every node with a cluster-wide room store); an unknown room has none.</summary>
    Task<IReadOnlyList<RoomMember>> GetMembersAsync(string room, CancellationToken cancellationToken = default);

    /// <summary>The room's member count (on every node with a cluster-wide room store).</summary>
    Task<int> CountAsync(string room, CancellationToken cancellationToken = default);

    /// <summary>The rooms a connection of this node is in (none for an unknown connection).</summary>
    Task<IReadOnlyList<string>> GetRoomsAsync(string connectionId, CancellationToken cancellationToken = default);
}
