using System.IO.Pipelines;

namespace HubFramework.Benchmarks.Support;

/// <summary>
/// Reads and discards what a server writes to many connections (like transports that keep up) and counts the text
/// frames that arrive, so a broadcast benchmark can wait until every connection has received its copy, whether the
/// server's send call returns before the bytes are written (ours queues) or after (Microsoft's).
/// </summary>
internal sealed class DeliveryCounter : IDisposable
{
    private const byte RecordSeparator = 0x1e;
    private static readonly TimeSpan WaitLimit = TimeSpan.FromSeconds(30);

    private readonly ManualResetEventSlim _reached = new(false);
    private readonly List<Task> _drains = new();
    private long _delivered;
    private long _target = long.MaxValue;

    /// <summary>Starts discarding <paramref name="input"/> in the background until it completes.</summary>
    public void Drain(PipeReader input) => _drains.Add(Task.Run(() => DrainAsync(input)));

    /// <summary>Arms the counter for <paramref name="frames"/> more frames; call before the send that produces them.</summary>
    public void Expect(int frames)
    {
        _reached.Reset();
        Volatile.Write(ref _target, Interlocked.Read(ref _delivered) + frames);
    }

    /// <summary>Blocks until the frames announced by <see cref="Expect"/> have all arrived.</summary>
    public void Wait()
    {
        if (!_reached.Wait(WaitLimit))
        {
            throw new TimeoutException($"Only {Interlocked.Read(ref _delivered)} of {Volatile.Read(ref _target)} frames arrived within {WaitLimit}.");
        }
    }

    /// <summary>Waits (bounded) for the drain loops, which end once the server side completes the pipes.</summary>
    public void Dispose()
    {
        Task.WaitAll(_drains.ToArray(), WaitLimit);
        _reached.Dispose();
    }

    private async Task DrainAsync(PipeReader input)
    {
        while (true)
        {
            var result = await input.ReadAsync();
            long frames = 0;
            foreach (var segment in result.Buffer)
            {
                frames += segment.Span.Count(RecordSeparator);
            }

            input.AdvanceTo(result.Buffer.End);
            if (frames > 0 && Interlocked.Add(ref _delivered, frames) >= Volatile.Read(ref _target))
            {
                _reached.Set();
            }

            if (result.IsCompleted || result.IsCanceled)
            {
                await input.CompleteAsync();
                return;
            }
        }
    }
}
