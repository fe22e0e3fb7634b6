using System.Collections.Concurrent;
using HubFramework.Samples.Whiteboard.Boards;

namespace HubFramework.Samples.Whiteboard.Presence;

/// <summary>Participants of a single node.</summary>
public sealed class InMemoryParticipantStore : IParticipantStore
{
    private readonly ConcurrentDictionary<string, ConcurrentDictionary<string, (long Order, Participant State)>> _boards = new(StringComparer.Ordinal);
    private long _order;

    public Task PutAsync(string board, Participant participant, CancellationToken cancellationToken)
    {
        var members = _boards.GetOrAdd(board, static _ => new(StringComparer.Ordinal));
        members.AddOrUpdate(
            participant.ConnectionId,
            _ => (Interlocked.Increment(ref _order), participant),
            (_, existing) => (existing.Order, participant));
        return Task.CompletedTask;
    }

    public Task RemoveAsync(string board, string connectionId, CancellationToken cancellationToken)
    {
        if (_boards.TryGetValue(board, out var members))
        {
            members.TryRemove(connectionId, out _);
            if (members.IsEmpty)
            {
                // A board someone joins at this moment re-creates its entry; removing only an empty one keeps it.
                _boards.TryRemove(KeyValuePair.Create(board, members));
            }
        }

        return Task.CompletedTask;
    }

    public Task<Participant[]> ListAsync(string board, CancellationToken cancellationToken) =>
        Task.FromResult(_boards.TryGetValue(board, out var members)
            ? members.Values.OrderBy(m => m.Order).Select(m => m.State).ToArray()
            : []);
}
