using HubFramework.Server.Hubs.Dispatch;

namespace HubFramework.Server.Hubs.Connection;

/// <summary>
/// Enforces MaximumParallelInvocationsPerClient without ever blocking the receive loop on a running invocation:
/// an invocation that finds no free slot is queued (in arrival order) and the loop goes on reading, so Completions of
/// client results, stream items and cancellations keep flowing. Only when <c>MaximumQueuedInvocationsPerClient</c>
/// invocations are already waiting does the loop wait, which pushes back on a client that floods.
/// </summary>
internal sealed class InvocationScheduler
{
    private readonly SemaphoreSlim _slots;
    private readonly SemaphoreSlim _queue;
    private readonly Func<InvocationRequest, Task> _execute;
    private readonly Action _releaseSlot;

    public InvocationScheduler(int maxParallel, int maxQueued, Func<InvocationRequest, Task> execute)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxParallel, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxQueued, 0);
        _slots = new SemaphoreSlim(maxParallel, maxParallel);
        _queue = new SemaphoreSlim(maxQueued, maxQueued);
        _execute = execute;
        _releaseSlot = () => _slots.Release();
    }

    /// <summary>
    /// Starts <paramref name="request"/> at once when a slot is free (it runs inline until its first await), or queues it.
    /// Completes when the receive loop may go on.
    /// </summary>
    public ValueTask ScheduleAsync(InvocationRequest request, CancellationToken cancellationToken)
    {
        // Wait(0) succeeds only when nobody is queued (queued waiters are handed freed slots first), so order is kept.
        if (_slots.Wait(0))
        {
            request.AttachSlot(_releaseSlot);
            _ = _execute(request);
            return default;
        }

        return QueueAsync(request, cancellationToken);
    }

    private async ValueTask QueueAsync(InvocationRequest request, CancellationToken cancellationToken)
    {
        try
        {
            await _queue.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            request.Finish();
            throw;
        }

        _ = WaitForSlotAsync(request, cancellationToken);
    }

    private async Task WaitForSlotAsync(InvocationRequest request, CancellationToken cancellationToken)
    {
        try
        {
            await _slots.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            request.Finish();
            return;
        }
        finally
        {
            _queue.Release();
        }

        request.AttachSlot(_releaseSlot);
        await _execute(request).ConfigureAwait(false);
    }
}
