namespace HubFramework.Samples.Whiteboard.Boards;

/// <summary>Keeps the memory of a long-running node to the boards in use: idle ones are read again from the log when next opened.</summary>
public sealed class BoardEviction(BoardStore store) : BackgroundService
{
    private static readonly TimeSpan Idle = TimeSpan.FromMinutes(10);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromMinutes(1));
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
        {
            store.EvictIdle(Idle);
        }
    }
}
