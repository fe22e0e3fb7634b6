using System.Buffers;

namespace HubFramework.Benchmarks.Support;

/// <summary>Finds where one hub protocol frame ends, without parsing it: a record separator for text, a VarInt length prefix for binary.</summary>
internal static class FrameReader
{
    private const byte RecordSeparator = 0x1e;

    /// <summary>Takes one complete frame off the front of <paramref name="buffer"/>; false when it is not all there yet.</summary>
    public static bool TryTakeFrame(ref ReadOnlySequence<byte> buffer, bool binary, out ReadOnlySequence<byte> frame)
    {
        if (!binary)
        {
            if (buffer.PositionOf(RecordSeparator) is not { } separator)
            {
                frame = default;
                return false;
            }

            var end = buffer.GetPosition(1, separator);
            frame = buffer.Slice(0, end);
            buffer = buffer.Slice(end);
            return true;
        }

        var reader = new SequenceReader<byte>(buffer);
        long length = 0;
        for (var shift = 0; ; shift += 7)
        {
            if (shift > 28 || !reader.TryRead(out var next))
            {
                frame = default;
                return false;
            }

            length |= (long)(next & 0x7f) << shift;
            if ((next & 0x80) == 0)
            {
                break;
            }
        }

        if (reader.Remaining < length)
        {
            frame = default;
            return false;
        }

        var total = reader.Consumed + length;
        frame = buffer.Slice(0, total);
        buffer = buffer.Slice(total);
        return true;
    }
}
