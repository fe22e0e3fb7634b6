using System.IO.Pipelines;

namespace HubFramework.Server.Tests.Fanout;

/// <summary>A <see cref="PipeWriter"/> that forwards to another and counts flushes (each flush is one transport send).</summary>
internal sealed class CountingPipeWriter(PipeWriter inner) : PipeWriter
{
    private readonly SemaphoreSlim _flushCalls = new(0);
    private int _flushes;

    /// <summary>Flushes started so far.</summary>
    public int Flushes => Volatile.Read(ref _flushes);

    /// <summary>Waits until at least <paramref name="count"/> flushes have started.</summary>
    public async Task WaitForFlushesAsync(int count)
    {
        while (Flushes < count)
        {
            await _flushCalls.WaitAsync(TimeSpan.FromMilliseconds(50));
        }
    }

    public override void Advance(int bytes) => inner.Advance(bytes);

    public override void CancelPendingFlush() => inner.CancelPendingFlush();

    public override void Complete(Exception? exception = null) => inner.Complete(exception);

    public override ValueTask<FlushResult> FlushAsync(CancellationToken cancellationToken = default)
    {
        Interlocked.Increment(ref _flushes);
        _flushCalls.Release();
        return inner.FlushAsync(cancellationToken);
    }

    public override Memory<byte> GetMemory(int sizeHint = 0) => inner.GetMemory(sizeHint);

    public override Span<byte> GetSpan(int sizeHint = 0) => inner.GetSpan(sizeHint);
}
