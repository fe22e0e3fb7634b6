namespace HubFramework.Server.Hubs.Rooms;

/// <summary>The members of one namespace's rooms on this node only.</summary>
internal sealed class InMemoryRoomStore : RoomStore
{
    private readonly Dictionary<string, Dictionary<string, RoomMember>> _rooms = new(StringComparer.Ordinal);
    private readonly object _sync = new();

    /// <summary>Rooms with members now.</summary>
    public int RoomCount
    {
        get
        {
            lock (_sync)
            {
                return _rooms.Count;
            }
        }
    }

    public override ValueTask<int> AddAsync(string room, RoomMember member, CancellationToken cancellationToken)
    {
        lock (_sync)
        {
            if (!_rooms.TryGetValue(room, out var members))
            {
                members = new Dictionary<string, RoomMember>(StringComparer.Ordinal);
                _rooms[room] = members;
            }

            members[member.ConnectionId] = member;
            return new ValueTask<int>(members.Count);
        }
    }

    public override ValueTask<bool> RemoveAsync(string room, string connectionId, CancellationToken cancellationToken)
    {
        lock (_sync)
        {
            if (!_rooms.TryGetValue(room, out var members) || !members.Remove(connectionId))
            {
                return new ValueTask<bool>(false);
            }

            if (members.Count == 0)
            {
                _rooms.Remove(room);
            }

            return new ValueTask<bool>(true);
        }
    }

    public override ValueTask<IReadOnlyList<RoomMember>> GetMembersAsync(string room, CancellationToken cancellationToken)
    {
        lock (_sync)
        {
            IReadOnlyList<RoomMember> list = _rooms.TryGetValue(room, out var members) ? members.Values.ToArray() : [];
            return new ValueTask<IReadOnlyList<RoomMember>>(list);
        }
    }

    public override ValueTask<int> CountAsync(string room, CancellationToken cancellationToken)
    {
        lock (_sync)
        {
            return new ValueTask<int>(_rooms.TryGetValue(room, out var members) ? members.Count : 0);
        }
    }
}
