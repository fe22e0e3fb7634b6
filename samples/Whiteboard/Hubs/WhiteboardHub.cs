using HubFramework.Samples.Whiteboard.Boards;
using HubFramework.Server.Hubs;
using HubFramework.Server.Hubs.Outbound;
using Microsoft.Extensions.Options;

namespace HubFramework.Samples.Whiteboard.Hubs;

/// <summary>
/// The whiteboard hub. A board is a room of the framework: a connection joins one board at a time with its name and
/// colour as presence state, and the others hear its join, update and leave (a disconnect too) as presence events
/// (<see cref="PresenceMethod"/>). Changes are numbered by the <see cref="BoardStore"/> and sent to the whole board (the
/// sender recognises its own); live strokes and cursors are coalesced for slow clients, and a client ignores its own.
/// Client methods: changed, preview, previewEnded, cursor, presence, notice.
/// </summary>
public sealed class WhiteboardHub(
    BoardStore boards,
    BoardRules rules,
    IOptions<WhiteboardOptions> options,
    ILogger<WhiteboardHub> logger) : Hub
{
    private static readonly string[] Palette =
        ["#e53935", "#8e24aa", "#3949ab", "#1e88e5", "#00897b", "#43a047", "#f4511e", "#6d4c41", "#d81b60", "#5e35b1"];

    private readonly WhiteboardOptions _options = options.Value;

    /// <summary>The client method of presence events (<c>presence(board, { kind, connectionId, user, state })</c>).</summary>
    public const string PresenceMethod = "presence";

    private const string BoardKey = "board";
    private const string SelfKey = "self";

    /// <summary>Joins a board: returns who is there and the board (all of it, or the changes after <paramref name="knownVersion"/>).</summary>
    public async Task<JoinResult> Join(string boardId, string? name, string? color, long knownVersion)
    {
        if (!BoardRules.IsValidBoardId(boardId))
        {
            throw new HubException("A board id is 1 to 64 letters, digits, '-' or '_'.");
        }

        if (!BoardRules.IsValidColor(color))
        {
            // A colour nobody on the board has yet, so that cursors and names tell people apart.
            var present = await Store("join", boardId, ct => MembersAsync(boardId, ct));
            var free = Palette.Where(p => !present.Any(m => m.Color == p)).ToArray();
            color = free.Length > 0 ? free[Random.Shared.Next(free.Length)] : Palette[Random.Shared.Next(Palette.Length)];
        }

        var self = new Participant { ConnectionId = Context.ConnectionId, Name = CleanName(name), Color = color! };

        if (CurrentBoardId() is { } previous && previous != boardId)
        {
            // One board at a time: the old one's members hear a leave.
            await Store("join", previous, ct => Rooms.LeaveAsync(Context.ConnectionId, previous, ct));
            Context.Items.Remove(BoardKey);
            Context.Items.Remove(SelfKey);
        }

        // The room first, then the board: a change made in between reaches the client twice at worst, never not at all.
        // Joining the same board again (a reconnect) is an update of the state for the others.
        await Store("join", boardId, ct => Rooms.JoinAsync(Context.ConnectionId, boardId, new ParticipantState(self.Name, self.Color), ct));
        Context.Items[BoardKey] = boardId;
        Context.Items[SelfKey] = self;
        var members = await Store("join", boardId, ct => MembersAsync(boardId, ct));
        var board = await Store("join", boardId, ct => boards.SyncAsync(boardId, knownVersion, ct));
        return new JoinResult { Self = self, Participants = members, Board = board, Limits = rules.Limits };
    }

    /// <summary>Applies an operation; returns the board's version that includes it.</summary>
    public async Task<long> Commit(BoardOperation operation)
    {
        var (boardId, self) = CurrentBoard();
        if (!Rate("operations", _options.OperationsPerSecond).TryTake())
        {
            throw Refuse("commit", boardId, $"You are changing the board too fast (at most {_options.OperationsPerSecond} changes a second). Slow down a little.");
        }

        var (change, version) = await Store("commit", boardId, ct => boards.CommitAsync(boardId, operation, self, ct));
        if (change is not null)
        {
            await Clients.Room(boardId).SendAsync("changed", change);
        }

        return version;
    }

    /// <summary>The board after <paramref name="knownVersion"/> (a client that noticed a gap, or came back).</summary>
    public Task<BoardSync> Sync(long knownVersion)
    {
        var (boardId, _) = CurrentBoard();
        return Store("sync", boardId, ct => boards.SyncAsync(boardId, knownVersion, ct));
    }

    /// <summary>A stroke or shape while it is drawn; the latest one replaces any still queued for a slow client.</summary>
    public async Task Preview(BoardItem item)
    {
        if (CurrentBoardId() is not { } boardId || !await LiveUpdateAllowed())
        {
            return;
        }

        try
        {
            rules.CheckItem(item);
        }
        catch (BoardRejectedException ex)
        {
            await Clients.Caller.SendAsync("notice", "Your drawing could not be shown to the others: " + ex.Message);
            return;
        }

        await Clients.Room(boardId)
            .WithOptions(SendOptions.Coalesce("preview:" + Context.ConnectionId))
            .SendAsync("preview", Context.ConnectionId, item);
    }

    /// <summary>A live stroke was abandoned (or committed): the others stop showing it.</summary>
    public async Task EndPreview(string itemId)
    {
        if (CurrentBoardId() is { } boardId)
        {
            await Clients.Room(boardId)
                .WithOptions(SendOptions.Coalesce("preview:" + Context.ConnectionId))
                .SendAsync("previewEnded", Context.ConnectionId, itemId);
        }
    }

    /// <summary>Where the pointer is, in board coordinates.</summary>
    public async Task Cursor(double x, double y)
    {
        if (!double.IsFinite(x) || !double.IsFinite(y) || CurrentBoardId() is not { } boardId || !await LiveUpdateAllowed())
        {
            return;
        }

        await Clients.Room(boardId)
            .WithOptions(SendOptions.Coalesce("cursor:" + Context.ConnectionId))
            .SendAsync("cursor", Context.ConnectionId, x, y);
    }

    /// <summary>Changes one's name or colour.</summary>
    public async Task<Participant> Rename(string? name, string? color)
    {
        var (boardId, self) = CurrentBoard();
        var updated = new Participant
        {
            ConnectionId = Context.ConnectionId,
            Name = CleanName(name),
            Color = BoardRules.IsValidColor(color) ? color! : self.Color,
        };
        await Store("rename", boardId, ct => Rooms.UpdateAsync(Context.ConnectionId, boardId, new ParticipantState(updated.Name, updated.Color), ct));
        Context.Items[SelfKey] = updated;
        return updated;
    }

    /// <summary>For round-trip measurements.</summary>
    public long Ping(long clientTime) => clientTime;

    // No OnDisconnectedAsync: the framework takes a closed connection out of its room and tells the others.

    private string? CurrentBoardId() => Context.Items.TryGetValue(BoardKey, out var board) ? board as string : null;

    private (string Board, Participant Self) CurrentBoard() =>
        CurrentBoardId() is { } board && Context.Items.TryGetValue(SelfKey, out var self) && self is Participant participant
            ? (board, participant)
            : throw new HubException("Join a board first.");

    private async Task<Participant[]> MembersAsync(string boardId, CancellationToken cancellationToken) =>
        [.. (await Rooms.GetMembersAsync(boardId, cancellationToken)).Select(ParticipantState.ToParticipant)];

    private string CleanName(string? name)
    {
        var clean = new string((name ?? "").Where(c => !char.IsControl(c)).ToArray()).Trim();
        if (clean.Length == 0)
        {
            clean = "Guest " + Random.Shared.Next(100, 1000);
        }

        return clean.Length > _options.MaxNameLength ? clean[.._options.MaxNameLength] : clean;
    }

    private ConnectionRate Rate(string kind, int perSecond)
    {
        if (Context.Items.TryGetValue(kind, out var existing) && existing is ConnectionRate rate)
        {
            return rate;
        }

        rate = new ConnectionRate(perSecond);
        Context.Items[kind] = rate;
        return rate;
    }

    private async ValueTask<bool> LiveUpdateAllowed()
    {
        var rate = Rate("live", _options.LiveUpdatesPerSecond);
        if (rate.TryTake())
        {
            return true;
        }

        if (rate.ShouldNotify())
        {
            await Clients.Caller.SendAsync("notice", $"Too many live updates (at most {_options.LiveUpdatesPerSecond} a second): some were not shown to the others.");
        }

        return false;
    }

    private HubException Refuse(string operation, string board, string reason)
    {
        WhiteboardLog.Rejected(logger, Context.ConnectionId, operation, board, reason);
        return new HubException(reason);
    }

    private Task Store(string operation, string board, Func<CancellationToken, Task> action) =>
        Store(operation, board, async ct =>
        {
            await action(ct);
            return true;
        });

    private async Task<T> Store<T>(string operation, string board, Func<CancellationToken, Task<T>> action)
    {
        // A store that cannot be reached (NATS down) must not hold the caller's invocation slot for ever.
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(Context.ConnectionAborted);
        timeout.CancelAfter(_options.StoreTimeout);
        try
        {
            return await action(timeout.Token);
        }
        catch (OperationCanceledException ex) when (!Context.ConnectionAborted.IsCancellationRequested)
        {
            WhiteboardLog.StoreFailed(logger, board, operation, ex);
            throw new HubException($"The board did not answer within {_options.StoreTimeout.TotalSeconds:0} s; your change was not applied. Try again in a moment.");
        }
        catch (BoardRejectedException ex)
        {
            throw Refuse(operation, board, ex.Message);
        }
        catch (Exception ex) when (ex is not OperationCanceledException and not HubException)
        {
            WhiteboardLog.StoreFailed(logger, board, operation, ex);
            throw new HubException("The board could not be reached or saved right now; your change was not applied. Try again in a moment.");
        }
    }
}
