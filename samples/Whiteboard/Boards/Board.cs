namespace HubFramework.Samples.Whiteboard.Boards;

/// <summary>
/// One board's state: its items in drawing order and the version of the last change applied. Not thread-safe: the
/// <see cref="BoardStore"/> serialises access with <see cref="Gate"/>.
/// </summary>
public sealed class Board
{
    private readonly OrderedDictionary<string, BoardItem> _items = new(StringComparer.Ordinal);
    private readonly Dictionary<string, long> _opVersions = new(StringComparer.Ordinal);
    private readonly Queue<string> _opOrder = new();
    private readonly LinkedList<BoardChange> _recent = new();
    private readonly int _recentCapacity;

    public Board(string id, int recentCapacity)
    {
        Id = id;
        _recentCapacity = recentCapacity;
    }

    public string Id { get; }

    /// <summary>The version of the last applied change (0 for an empty, never changed board).</summary>
    public long Version { get; private set; }

    /// <summary>Approximate stored size of the items.</summary>
    public long Bytes { get; private set; }

    public int Count => _items.Count;

    /// <summary>Held while the board is read or changed.</summary>
    public SemaphoreSlim Gate { get; } = new(1, 1);

    /// <summary>Where the storage left off (the log's own position: lines since the snapshot, or a stream sequence).</summary>
    public ulong LogPosition { get; set; }

    /// <summary>When the board was last read or changed (<see cref="Environment.TickCount64"/>).</summary>
    public long LastUsed { get; set; } = Environment.TickCount64;

    /// <summary>Set (under the gate) once the store dropped the board from memory; whoever waited for it looks again.</summary>
    public bool Evicted { get; set; }

    /// <summary>Changes appended to the log since its last snapshot.</summary>
    public int ChangesSinceSnapshot { get; set; }

    public bool Contains(string id) => _items.ContainsKey(id);

    public bool TryGet(string id, out BoardItem item) => _items.TryGetValue(id, out item!);

    public BoardItem[] Snapshot() => [.. _items.Values];

    /// <summary>The version at which an operation id was applied, if it is still remembered.</summary>
    public bool TryGetAppliedVersion(string opId, out long version) => _opVersions.TryGetValue(opId, out version);

    /// <summary>Replaces the state with a snapshot (loading, or a snapshot record in the log).</summary>
    public void Reset(long version, IEnumerable<BoardItem> items)
    {
        _items.Clear();
        _recent.Clear();
        Bytes = 0;
        foreach (var item in items)
        {
            _items[item.Id] = item;
            Bytes += SizeOf(item);
        }

        Version = version;
    }

    /// <summary>Applies a numbered change; it must be the next one.</summary>
    public void Apply(BoardChange change)
    {
        if (change.Version != Version + 1)
        {
            throw new InvalidOperationException($"Board '{Id}' is at version {Version}; change {change.Version} does not follow.");
        }

        switch (change.Kind)
        {
            case OperationKinds.Add:
                foreach (var item in change.Items ?? [])
                {
                    if (_items.Remove(item.Id, out var old))
                    {
                        Bytes -= SizeOf(old);
                    }

                    _items[item.Id] = item;
                    Bytes += SizeOf(item);
                }

                break;
            case OperationKinds.Remove or OperationKinds.Clear:
                foreach (var id in change.Ids ?? [])
                {
                    if (_items.Remove(id, out var old))
                    {
                        Bytes -= SizeOf(old);
                    }
                }

                break;
            case OperationKinds.Move:
                foreach (var move in change.Moves ?? [])
                {
                    // A copy: the old item may still be referenced by recent changes or a snapshot being sent.
                    if (_items.TryGetValue(move.Id, out var item))
                    {
                        _items[move.Id] = new BoardItem
                        {
                            Id = item.Id, Kind = item.Kind, Color = item.Color, Width = item.Width, Points = item.Points,
                            Text = item.Text, Author = item.Author, Dx = move.Dx, Dy = move.Dy,
                        };
                    }
                }

                break;
        }

        Version = change.Version;
        RememberOp(change.OpId, change.Version);
        if (_recentCapacity > 0)
        {
            _recent.AddLast(change);
            if (_recent.Count > _recentCapacity)
            {
                _recent.RemoveFirst();
            }
        }
    }

    /// <summary>The changes after <paramref name="version"/>, or null when some of them are no longer kept.</summary>
    public BoardChange[]? ChangesSince(long version)
    {
        if (version == Version)
        {
            return [];
        }

        if (version > Version || version < 0)
        {
            return null;
        }

        var first = _recent.First?.Value.Version;
        if (first is null || first > version + 1)
        {
            return null;
        }

        return [.. _recent.Where(c => c.Version > version)];
    }

    /// <summary>Stored size of an item: the unit the board's byte bound counts in.</summary>
    public static long SizeOf(BoardItem item) =>
        64 + (item.Points.LongLength * 8) + ((item.Text?.Length ?? 0) * 2) + item.Id.Length + (item.Author?.Length ?? 0);

    private void RememberOp(string opId, long version)
    {
        if (string.IsNullOrEmpty(opId) || !_opVersions.TryAdd(opId, version))
        {
            return;
        }

        _opOrder.Enqueue(opId);
        // Enough to recognise a resend after a reconnect; older ids are forgotten.
        while (_opOrder.Count > 10_000)
        {
            _opVersions.Remove(_opOrder.Dequeue());
        }
    }
}
