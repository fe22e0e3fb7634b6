using HubFramework.Server.Hubs;

namespace HubFramework.Server.Backplane.Nats.Rooms;

/// <summary>
/// This node's copy of every room member of the cluster, fed by the Key/Value watch (and by this node's own writes
/// as soon as NATS acknowledged them). Revisions decide: a change older than what is known for a key is ignored, so
/// a lagging watch never undoes a newer local write.
/// </summary>
internal sealed class NatsRoomReplica
{
    private readonly object _sync = new();
    private readonly Dictionary<string, Item> _byKey = new(StringComparer.Ordinal);
    private readonly Dictionary<(string Scope, string Room), Dictionary<string, Item>> _rooms = new();

    // Revision of keys this node removed before the watch confirmed it, so a stale put cannot bring them back.
    private readonly Dictionary<string, ulong> _removed = new(StringComparer.Ordinal);

    public sealed record Item(string Key, string Scope, string Room, NatsRoomEntry Entry, ulong Revision, long FirstSeen);

    public void Put(string key, string scope, string room, NatsRoomEntry entry, ulong revision, long now)
    {
        lock (_sync)
        {
            if (_byKey.TryGetValue(key, out var known) && known.Revision >= revision)
            {
                return;
            }

            if (_removed.TryGetValue(key, out var removedAt) && removedAt >= revision)
            {
                return;
            }

            _removed.Remove(key);
            var item = new Item(key, scope, room, entry, revision, known?.FirstSeen ?? now);
            _byKey[key] = item;
            if (!_rooms.TryGetValue((scope, room), out var members))
            {
                members = new Dictionary<string, Item>(StringComparer.Ordinal);
                _rooms[(scope, room)] = members;
            }

            members[entry.ConnectionId] = item;
        }
    }

    /// <summary>A delete seen on the watch (or made here): drops the key unless a newer put is known.</summary>
    public void Delete(string key, ulong revision)
    {
        lock (_sync)
        {
            _removed.Remove(key);
            if (_byKey.TryGetValue(key, out var known) && known.Revision < revision)
            {
                Drop(known);
            }
        }
    }

    /// <summary>This node deleted the key; the watch will confirm (and clear the marker) later.</summary>
    public void DeleteLocally(string key)
    {
        lock (_sync)
        {
            if (_byKey.TryGetValue(key, out var known))
            {
                Drop(known);
                _removed[key] = known.Revision;
            }
        }
    }

    public int Count(string scope, string room)
    {
        lock (_sync)
        {
            return _rooms.TryGetValue((scope, room), out var members) ? members.Count : 0;
        }
    }

    public IReadOnlyList<RoomMember> Members(string scope, string room)
    {
        lock (_sync)
        {
            return _rooms.TryGetValue((scope, room), out var members)
                ? members.Values.Select(i => i.Entry.ToMember()).ToArray()
                : [];
        }
    }

    /// <summary>Members held by other nodes, for the sweep.</summary>
    public Item[] Remote(string self)
    {
        lock (_sync)
        {
            return _byKey.Values.Where(i => !string.Equals(i.Entry.Node, self, StringComparison.Ordinal)).ToArray();
        }
    }

    private void Drop(Item item)
    {
        _byKey.Remove(item.Key);
        if (_rooms.TryGetValue((item.Scope, item.Room), out var members)
            && members.TryGetValue(item.Entry.ConnectionId, out var current)
            && ReferenceEquals(current, item))
        {
            members.Remove(item.Entry.ConnectionId);
            if (members.Count == 0)
            {
                _rooms.Remove((item.Scope, item.Room));
            }
        }
    }
}
