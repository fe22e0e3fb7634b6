using System.Buffers;
using System.IO.Pipelines;
using System.Text;

namespace HubFramework.Server.Tests.Fanout;

/// <summary>Reads 0x1E-terminated text records (as written by <see cref="TestTextProtocol"/>) from a pipe, with a time bound.</summary>
internal static class FrameReader
{
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(10);

    /// <summary>Reads exactly <paramref name="count"/> frames (fails after the timeout).</summary>
    public static async Task<List<string>> ReadFramesAsync(PipeReader reader, int count, TimeSpan? timeout = null)
    {
        var frames = new List<string>();
        using var cts = new CancellationTokenSource(timeout ?? DefaultTimeout);
        while (frames.Count < count)
        {
            var result = await reader.ReadAsync(cts.Token);
            var buffer = result.Buffer;
            while (frames.Count < count && buffer.PositionOf(TestTextProtocol.RecordSeparator) is { } end)
            {
                frames.Add(Encoding.UTF8.GetString(buffer.Slice(0, end)));
                buffer = buffer.Slice(buffer.GetPosition(1, end));
            }

            // Frames left over for the next read must not count as examined, or that read would wait for new data.
            if (frames.Count < count)
            {
                reader.AdvanceTo(buffer.Start, buffer.End);
            }
            else
            {
                reader.AdvanceTo(buffer.Start);
            }

            if (result.IsCompleted && frames.Count < count)
            {
                throw new InvalidOperationException($"The pipe completed after {frames.Count} of {count} frames: {string.Join(", ", frames)}");
            }
        }

        return frames;
    }

    /// <summary>Reads whatever frames arrive within <paramref name="quiet"/> of silence (to show that nothing more comes).</summary>
    public static async Task<List<string>> ReadAvailableFramesAsync(PipeReader reader, TimeSpan quiet)
    {
        var frames = new List<string>();
        while (true)
        {
            using var cts = new CancellationTokenSource(quiet);
            ReadResult result;
            try
            {
                result = await reader.ReadAsync(cts.Token);
            }
            catch (OperationCanceledException)
            {
                return frames;
            }

            var buffer = result.Buffer;
            while (buffer.PositionOf(TestTextProtocol.RecordSeparator) is { } end)
            {
                frames.Add(Encoding.UTF8.GetString(buffer.Slice(0, end)));
                buffer = buffer.Slice(buffer.GetPosition(1, end));
            }

            reader.AdvanceTo(buffer.Start, buffer.End);
            if (result.IsCompleted)
            {
                return frames;
            }
        }
    }
}
