using HubFramework.Samples.Whiteboard.Boards;
using HubFramework.Samples.Whiteboard.Presence;
using HubFramework.Server.Hubs;
using HubFramework.Server.Hubs.Outbound;
using Microsoft.Extensions.Options;

namespace HubFramework.Samples.Whiteboard.Hubs;

/// <summary>
/// The whiteboard hub. A connection joins one board at a time; changes are numbered by the <see cref="BoardStore"/> and
/// sent to the whole board (the sender recognises its own), live strokes and cursors only to the others, coalesced for
/// slow clients. Client methods: changed, preview, previewEnded, cursor, participantJoined, participantUpdated,
/// participantLeft, notice.
/// </summary>
public sealed class WhiteboardHub(
    BoardStore boards,
    BoardPresence presence,
    BoardRules rules,
    IOptions<WhiteboardOptions> options,
    ILogger<WhiteboardHub> logger) : Hub
{
    private static readonly string[] Palette =
        ["#e53935", "#8e24aa", "#3949ab", "#1e88e5", "#00897b", "#43a047", "#f4511e", "#6d4c41", "#d81b60", "#5e35b1"];

    private readonly WhiteboardOptions _options = options.Value;

    public static string GroupOf(string board) => "board:" + board;

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
            var present = await Store("join", boardId, ct => presence.MembersAsync(boardId, ct));
            var free = Palette.Where(p => !present.Any(m => m.Color == p)).ToArray();
            color = free.Length > 0 ? free[Random.Shared.Next(free.Length)] : Palette[Random.Shared.Next(Palette.Length)];
        }

        var self = new Participant { ConnectionId = Context.ConnectionId, Name = CleanName(name), Color = color! };

        // Group first, then the board: a change made in between reaches the client twice at worst, never not at all.
        await Groups.AddToGroupAsync(Context.ConnectionId, GroupOf(boardId));
        var (members, previous) = await Store("join", boardId, ct => presence.JoinAsync(Context.ConnectionId, boardId, self, ct));
        if (previous is not null)
        {
            await Groups.RemoveFromGroupAsync(Context.ConnectionId, GroupOf(previous));
            await Clients.Group(GroupOf(previous)).SendAsync("participantLeft", Context.ConnectionId);
        }

        await Clients.OthersInGroup(GroupOf(boardId)).SendAsync("participantJoined", self);
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
            await Clients.Group(GroupOf(boardId)).SendAsync("changed", change);
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
        if (!presence.TryGetLocal(Context.ConnectionId, out var boardId, out _) || !await LiveUpdateAllowed())
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

        await Clients.OthersInGroup(GroupOf(boardId))
            .WithOptions(SendOptions.Coalesce("preview:" + Context.ConnectionId))
            .SendAsync("preview", Context.ConnectionId, item);
    }

    /// <summary>A live stroke was abandoned (or committed): the others stop showing it.</summary>
    public async Task EndPreview(string itemId)
    {
        if (presence.TryGetLocal(Context.ConnectionId, out var boardId, out _))
        {
            await Clients.OthersInGroup(GroupOf(boardId))
                .WithOptions(SendOptions.Coalesce("preview:" + Context.ConnectionId))
                .SendAsync("previewEnded", Context.ConnectionId, itemId);
        }
    }

    /// <summary>Where the pointer is, in board coordinates.</summary>
    public async Task Cursor(double x, double y)
    {
        if (!double.IsFinite(x) || !double.IsFinite(y) || !presence.TryGetLocal(Context.ConnectionId, out var boardId, out _) || !await LiveUpdateAllowed())
        {
            return;
        }

        await Clients.OthersInGroup(GroupOf(boardId))
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
        await Store("rename", boardId, ct => presence.UpdateAsync(Context.ConnectionId, updated, ct));
        await Clients.Group(GroupOf(boardId)).SendAsync("participantUpdated", updated);
        return updated;
    }

    /// <summary>For round-trip measurements.</summary>
    public long Ping(long clientTime) => clientTime;

    public override async Task OnDisconnectedAsync(Exception? exception)
    {
        (string Board, Participant State)? left;
        using (var timeout = new CancellationTokenSource(_options.StoreTimeout))
        {
            try
            {
                left = await presence.LeaveAsync(Context.ConnectionId, timeout.Token);
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                // The shared entry expires by itself; the others are still told.
                WhiteboardLog.PresenceRefreshFailed(logger, "(leave)", ex);
                left = presence.ForgetLocal(Context.ConnectionId);
            }
        }

        if (left is { } l)
        {
            await Clients.Group(GroupOf(l.Board)).SendAsync("participantLeft", Context.ConnectionId);
        }
    }

    private (string Board, Participant Self) CurrentBoard() =>
        presence.TryGetLocal(Context.ConnectionId, out var board, out var self)
            ? (board, self)
            : throw new HubException("Join a board first.");

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
