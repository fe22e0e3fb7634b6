namespace HubFramework.Server.Hubs;

/// <summary>
/// A set of connections that a broadcast can walk without allocating or locking: connections sit in the slots of an
/// array that is only replaced when it grows; a leaving connection empties its slot for the next one to reuse.
/// Writers serialize on a lock; readers see either the old or the new state of a slot, never a torn one.
/// </summary>
internal sealed class HubConnectionStore
{
    private const int InitialCapacity = 4;

    private readonly object _lock = new();
    private readonly Dictionary<string, int> _slotOf = new(StringComparer.Ordinal);
    private readonly Stack<int> _freeSlots = new();
    private HubConnectionContext?[] _slots = new HubConnectionContext?[InitialCapacity];
    private int _used;
    private bool _retired;

    /// <summary>Members now.</summary>
    public int Count
    {
        get
        {
            lock (_lock)
            {
                return _slotOf.Count;
            }
        }
    }

    /// <summary>
    /// The slots to walk for a send: skip nulls. A connection added or removed during the walk may or may not be seen,
    /// as with any concurrent send.
    /// </summary>
    public ReadOnlySpan<HubConnectionContext?> Slots => Volatile.Read(ref _slots);

    /// <summary>Adds <paramref name="connection"/>; false only when the store was retired (emptied and dropped by its registry).</summary>
    public bool TryAdd(HubConnectionContext connection)
    {
        lock (_lock)
        {
            if (_retired)
            {
                return false;
            }

            if (_slotOf.ContainsKey(connection.ConnectionId))
            {
                return true;
            }

            int slot;
            if (_freeSlots.Count > 0)
            {
                slot = _freeSlots.Pop();
            }
            else
            {
                if (_used == _slots.Length)
                {
                    var grown = new HubConnectionContext?[_slots.Length * 2];
                    _slots.CopyTo(grown, 0);
                    Volatile.Write(ref _slots, grown);
                }

                slot = _used++;
            }

            _slotOf.Add(connection.ConnectionId, slot);
            Volatile.Write(ref _slots[slot], connection);
            return true;
        }
    }

    /// <summary>Removes the connection; with <paramref name="retireIfEmpty"/>, a store left empty refuses further adds.</summary>
    /// <returns>Whether the store is now retired.</returns>
    public bool Remove(string connectionId, bool retireIfEmpty)
    {
        lock (_lock)
        {
            if (_slotOf.Remove(connectionId, out var slot))
            {
                Volatile.Write(ref _slots[slot], null);
                _freeSlots.Push(slot);
            }

            if (retireIfEmpty && _slotOf.Count == 0)
            {
                _retired = true;
            }

            return _retired;
        }
    }

    /// <summary>The member with <paramref name="connectionId"/>, or null.</summary>
    public HubConnectionContext? Find(string connectionId)
    {
        lock (_lock)
        {
            return _slotOf.TryGetValue(connectionId, out var slot) ? _slots[slot] : null;
        }
    }
}
