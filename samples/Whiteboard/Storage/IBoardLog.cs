using HubFramework.Samples.Whiteboard.Boards;

namespace HubFramework.Samples.Whiteboard.Storage;

/// <summary>
/// Where boards are kept: an append-only log of numbered changes per board, from time to time replaced by a snapshot.
/// Every method is called with the board's gate held.
/// </summary>
public interface IBoardLog
{
    /// <summary>What the log is, for the start-up line.</summary>
    string Description { get; }

    /// <summary>Reads the board's log into the empty <paramref name="board"/>.</summary>
    Task LoadAsync(Board board, CancellationToken cancellationToken);

    /// <summary>Applies changes other nodes appended since the board was read (nothing to do for a single node).</summary>
    Task CatchUpAsync(Board board, CancellationToken cancellationToken);

    /// <summary>
    /// Durably appends <paramref name="change"/> (numbered <c>board.Version + 1</c>); false when another node appended
    /// first, in which case the caller catches up and tries again.
    /// </summary>
    Task<bool> AppendAsync(Board board, BoardChange change, CancellationToken cancellationToken);

    /// <summary>Replaces the board's log by a snapshot of its current state.</summary>
    Task CompactAsync(Board board, CancellationToken cancellationToken);
}

/// <summary>One entry of a board's log: a snapshot or a change.</summary>
public sealed class BoardLogRecord
{
    public BoardSync? Snapshot { get; set; }

    public BoardChange? Change { get; set; }

    /// <summary>Applies the record to <paramref name="board"/>; false when it does not follow the board's version.</summary>
    public bool ApplyTo(Board board)
    {
        if (Snapshot is { } snapshot)
        {
            board.Reset(snapshot.Version, snapshot.Items ?? []);
            return true;
        }

        if (Change is { } change)
        {
            if (change.Version <= board.Version)
            {
                return true;
            }

            if (change.Version != board.Version + 1)
            {
                return false;
            }

            board.Apply(change);
            return true;
        }

        return false;
    }
}
