using System.Collections.Concurrent;
using HubFramework.Samples.Whiteboard.Storage;
using Microsoft.Extensions.Options;

namespace HubFramework.Samples.Whiteboard.Boards;

/// <summary>
/// The boards this node has open, read from and written through the <see cref="IBoardLog"/>. Each board is changed by
/// one caller at a time; a change is acknowledged only once the log holds it.
/// </summary>
public sealed class BoardStore(IBoardLog log, IOptions<WhiteboardOptions> options, BoardRules rules, ILogger<BoardStore> logger)
{
    private const int MaxAppendAttempts = 10;
    private readonly ConcurrentDictionary<string, Board> _boards = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, bool> _loaded = new(StringComparer.Ordinal);
    private readonly WhiteboardOptions _options = options.Value;

    public string Description => log.Description;

    /// <summary>The whole board, or only the changes after <paramref name="knownVersion"/> when they are still at hand.</summary>
    public Task<BoardSync> SyncAsync(string boardId, long knownVersion, CancellationToken cancellationToken) =>
        WithBoardAsync(boardId, board =>
        {
            var changes = knownVersion > 0 ? board.ChangesSince(knownVersion) : null;
            return Task.FromResult(changes is not null
                ? new BoardSync { Version = board.Version, Changes = changes }
                : new BoardSync { Version = board.Version, Items = board.Snapshot() });
        }, cancellationToken);

    /// <summary>
    /// Numbers, stores and applies an operation. Returns the change to broadcast, or null with the version at which the
    /// same operation was applied before (a resend).
    /// </summary>
    public Task<(BoardChange? Change, long Version)> CommitAsync(string boardId, BoardOperation operation, Participant by, CancellationToken cancellationToken) =>
        WithBoardAsync(boardId, async board =>
        {
            for (var attempt = 1; ; attempt++)
            {
                if (board.TryGetAppliedVersion(operation.OpId, out var applied))
                {
                    return ((BoardChange?)null, applied);
                }

                rules.Check(board, operation);
                var change = new BoardChange
                {
                    Version = board.Version + 1,
                    OpId = operation.OpId,
                    Kind = operation.Kind,
                    Items = operation.Items,
                    Ids = operation.Ids,
                    Moves = operation.Moves,
                    By = by.Name,
                    ConnectionId = by.ConnectionId,
                };
                foreach (var item in change.Items ?? [])
                {
                    item.Author = by.Name;
                }

                if (await log.AppendAsync(board, change, cancellationToken).ConfigureAwait(false))
                {
                    board.Apply(change);
                    board.ChangesSinceSnapshot++;
                    await CompactIfDueAsync(board, cancellationToken).ConfigureAwait(false);
                    return (change, change.Version);
                }

                if (attempt == MaxAppendAttempts)
                {
                    throw new BoardRejectedException("The board is too busy right now; try again.");
                }

                // Another node numbered a change first: take it (and any others) and try again on top of them.
                await log.CatchUpAsync(board, cancellationToken).ConfigureAwait(false);
            }
        }, cancellationToken);

    private async Task CompactIfDueAsync(Board board, CancellationToken cancellationToken)
    {
        if (board.ChangesSinceSnapshot < _options.CompactAfterChanges)
        {
            return;
        }

        try
        {
            await log.CompactAsync(board, cancellationToken).ConfigureAwait(false);
            WhiteboardLog.Compacted(logger, board.Id, board.Version, board.Count);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // The log still holds every change; compaction is retried with the next one.
            WhiteboardLog.CompactionFailed(logger, board.Id, ex);
        }
    }

    /// <summary>
    /// Drops boards nobody used for <paramref name="idle"/> from memory (their log keeps them); a board in use is skipped.
    /// Returns how many were dropped.
    /// </summary>
    public int EvictIdle(TimeSpan idle)
    {
        var evicted = 0;
        var now = Environment.TickCount64;
        foreach (var board in _boards.Values)
        {
            if (now - board.LastUsed < idle.TotalMilliseconds || !board.Gate.Wait(0))
            {
                continue;
            }

            try
            {
                board.Evicted = true;
                _boards.TryRemove(KeyValuePair.Create(board.Id, board));
                _loaded.TryRemove(board.Id, out _);
                evicted++;
            }
            finally
            {
                board.Gate.Release();
            }
        }

        return evicted;
    }

    private async Task<T> WithBoardAsync<T>(string boardId, Func<Board, Task<T>> action, CancellationToken cancellationToken)
    {
        Board board;
        while (true)
        {
            board = _boards.GetOrAdd(boardId, id => new Board(id, _options.RecentChanges));
            await board.Gate.WaitAsync(cancellationToken).ConfigureAwait(false);
            if (!board.Evicted)
            {
                break;
            }

            // Dropped while this caller waited: a fresh copy is (or will be) read from the log.
            board.Gate.Release();
        }

        try
        {
            board.LastUsed = Environment.TickCount64;
            if (_loaded.TryAdd(boardId, true))
            {
                try
                {
                    await log.LoadAsync(board, cancellationToken).ConfigureAwait(false);
                }
                catch
                {
                    _loaded.TryRemove(boardId, out _);
                    board.Reset(0, []);
                    board.LogPosition = 0;
                    throw;
                }
            }
            else
            {
                await log.CatchUpAsync(board, cancellationToken).ConfigureAwait(false);
            }

            return await action(board).ConfigureAwait(false);
        }
        finally
        {
            board.Gate.Release();
        }
    }
}
