namespace HubFramework.Samples.Whiteboard.Presence;

/// <summary>Re-writes this node's participants into the shared store well before their entries expire.</summary>
public sealed class ParticipantRefresher(BoardPresence presence, IParticipantStore store, ILogger<ParticipantRefresher> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(NatsParticipantStore.EntryLifetime / 3);
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
        {
            foreach (var (board, state) in presence.Local.ToArray())
            {
                try
                {
                    await store.PutAsync(board, state, stoppingToken).ConfigureAwait(false);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    WhiteboardLog.PresenceRefreshFailed(logger, board, ex);
                }
            }
        }
    }
}
