using System.Collections.Concurrent;
using HubFramework.Samples.Whiteboard.Boards;

namespace HubFramework.Samples.Whiteboard.Presence;

/// <summary>
/// Who is on each board, with the state they joined with (name, colour). Its operations mirror the framework's rooms
/// with presence (join with state, update, leave on disconnect, list members) so that it can be replaced by them in one
/// place; events to the others are sent by the hub. This node's own participants are remembered here so that a
/// disconnect knows what to leave, and so that a shared store can be refreshed.
/// </summary>
public sealed class BoardPresence(IParticipantStore store)
{
    private readonly ConcurrentDictionary<string, (string Board, Participant State)> _local = new(StringComparer.Ordinal);

    /// <summary>This node's participants.</summary>
    public IEnumerable<(string Board, Participant State)> Local => _local.Values;

    /// <summary>Puts the connection on <paramref name="board"/> (leaving any board it was on) and returns every member, itself included.</summary>
    public async Task<(Participant[] Members, string? PreviousBoard)> JoinAsync(string connectionId, string board, Participant state, CancellationToken cancellationToken = default)
    {
        string? previous = null;
        if (_local.TryGetValue(connectionId, out var current) && current.Board != board)
        {
            previous = current.Board;
            await store.RemoveAsync(current.Board, connectionId, cancellationToken).ConfigureAwait(false);
        }

        _local[connectionId] = (board, state);
        await store.PutAsync(board, state, cancellationToken).ConfigureAwait(false);
        return (await MembersAsync(board, cancellationToken).ConfigureAwait(false), previous);
    }

    /// <summary>Changes the state of a connection on its board; null when it is on none.</summary>
    public async Task<string?> UpdateAsync(string connectionId, Participant state, CancellationToken cancellationToken = default)
    {
        if (!_local.TryGetValue(connectionId, out var current))
        {
            return null;
        }

        _local[connectionId] = (current.Board, state);
        await store.PutAsync(current.Board, state, cancellationToken).ConfigureAwait(false);
        return current.Board;
    }

    /// <summary>Takes the connection off its board; returns the board and the state it had, or null.</summary>
    public async Task<(string Board, Participant State)?> LeaveAsync(string connectionId, CancellationToken cancellationToken = default)
    {
        if (!_local.TryGetValue(connectionId, out var current))
        {
            return null;
        }

        await store.RemoveAsync(current.Board, connectionId, cancellationToken).ConfigureAwait(false);
        _local.TryRemove(connectionId, out _);
        return current;
    }

    /// <summary>Forgets a connection here only (when the shared store cannot be reached; its entry there expires).</summary>
    public (string Board, Participant State)? ForgetLocal(string connectionId) =>
        _local.TryRemove(connectionId, out var current) ? current : null;

    /// <summary>The board and state of one of this node's connections.</summary>
    public bool TryGetLocal(string connectionId, out string board, out Participant state)
    {
        if (_local.TryGetValue(connectionId, out var current))
        {
            (board, state) = current;
            return true;
        }

        board = "";
        state = new Participant();
        return false;
    }

    /// <summary>Every member of a board, on every node, in joining order where the store knows it.</summary>
    public Task<Participant[]> MembersAsync(string board, CancellationToken cancellationToken = default) => store.ListAsync(board, cancellationToken);
}
