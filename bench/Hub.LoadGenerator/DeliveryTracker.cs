namespace HubFramework.LoadGenerator;

/// <summary>
/// End-to-end flow control for broadcasts: the sender may have at most <c>window</c> broadcasts that some
/// receiver has not seen yet. Measuring delivered-to-everyone rather than invocation completions keeps the
/// server's queues short, so the figure is a sustainable rate with honest latency, not a queue-filling burst.
/// </summary>
internal sealed class DeliveryTracker
{
    private readonly int[] _remaining;
    private readonly int _receivers;
    private readonly SemaphoreSlim _window;
    private long _fullyDelivered;

    public DeliveryTracker(int window, int receivers)
    {
        // Receivers see broadcasts in order, so a slot is free again long before the ring wraps; the slack only matters if a message is lost.
        _remaining = new int[window * 4];
        _receivers = receivers;
        _window = new SemaphoreSlim(window, window);
    }

    public long FullyDelivered => Interlocked.Read(ref _fullyDelivered);

    public Task<bool> WaitForSlotAsync(TimeSpan timeout, CancellationToken cancellationToken) => _window.WaitAsync(timeout, cancellationToken);

    /// <summary>Must be called before the broadcast is sent, or a fast receiver could count down a stale slot.</summary>
    public void Sending(long sequence) => Volatile.Write(ref _remaining[sequence % _remaining.Length], _receivers);

    public void Delivered(long sequence)
    {
        if (Interlocked.Decrement(ref _remaining[sequence % _remaining.Length]) == 0)
        {
            Interlocked.Increment(ref _fullyDelivered);
            _window.Release();
        }
    }
}
