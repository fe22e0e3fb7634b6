namespace HubFramework.Server.Hubs.Outbound;

/// <summary>
/// A growable ring buffer of <see cref="OutboundEntry"/> values (FIFO with removal in the middle for evictions).
/// Not thread-safe: the owner serializes access. The array is allocated on first use and given back when the ring
/// drains after a burst, so an idle connection holds no queue memory.
/// </summary>
internal struct OutboundRing
{
    private const int InitialCapacity = 4;

    // After a burst the ring may have grown large; keep small rings, drop big ones once empty.
    private const int RetainedCapacity = 64;

    private OutboundEntry[]? _items;
    private int _head;
    private int _count;

    public readonly int Count => _count;

    /// <summary>The entry at position <paramref name="index"/> from the front (0 = oldest).</summary>
    public readonly ref OutboundEntry this[int index] => ref _items![(_head + index) & (_items.Length - 1)];

    public void PushBack(in OutboundEntry entry)
    {
        if (_items is null || _count == _items.Length)
        {
            Grow();
        }

        _items![(_head + _count) & (_items.Length - 1)] = entry;
        _count++;
    }

    public OutboundEntry PopFront()
    {
        ref var slot = ref _items![_head];
        var entry = slot;
        slot = default;
        _head = (_head + 1) & (_items.Length - 1);
        _count--;
        TrimIfDrained();
        return entry;
    }

    /// <summary>Removes the entry at <paramref name="index"/>, shifting the younger ones forward (eviction path only).</summary>
    public OutboundEntry RemoveAt(int index)
    {
        if (index == 0)
        {
            return PopFront();
        }

        var entry = this[index];
        for (var i = index; i < _count - 1; i++)
        {
            this[i] = this[i + 1];
        }

        this[_count - 1] = default;
        _count--;
        TrimIfDrained();
        return entry;
    }

    /// <summary>Position of the entry with coalescing key <paramref name="key"/>, or -1. At most one queued entry has a given key.</summary>
    public readonly int IndexOfKey(string key)
    {
        for (var i = 0; i < _count; i++)
        {
            var candidate = this[i].CoalesceKey;
            if (candidate is not null && (ReferenceEquals(candidate, key) || string.Equals(candidate, key, StringComparison.Ordinal)))
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>Position of the oldest droppable entry, or -1.</summary>
    public readonly int IndexOfOldestDroppable()
    {
        for (var i = 0; i < _count; i++)
        {
            if (this[i].Droppable)
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>Releases every entry's pooled array and empties the ring.</summary>
    public void ReleaseAll()
    {
        while (_count > 0)
        {
            var entry = PopFront();
            entry.Release();
        }
    }

    private void Grow()
    {
        var capacity = _items is null ? InitialCapacity : _items.Length * 2;
        var items = new OutboundEntry[capacity];
        for (var i = 0; i < _count; i++)
        {
            items[i] = this[i];
        }

        _items = items;
        _head = 0;
    }

    private void TrimIfDrained()
    {
        if (_count == 0)
        {
            _head = 0;
            if (_items is not null && _items.Length > RetainedCapacity)
            {
                _items = null;
            }
        }
    }
}
