using HubFramework.Samples.Whiteboard.Boards;

namespace HubFramework.Samples.Whiteboard.Presence;

/// <summary>Where <see cref="BoardPresence"/> keeps who is on which board: this process, or a store every node shares.</summary>
public interface IParticipantStore
{
    Task PutAsync(string board, Participant participant, CancellationToken cancellationToken);

    Task RemoveAsync(string board, string connectionId, CancellationToken cancellationToken);

    Task<Participant[]> ListAsync(string board, CancellationToken cancellationToken);
}
