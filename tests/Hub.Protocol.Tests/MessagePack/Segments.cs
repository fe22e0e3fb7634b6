using System.Buffers;

namespace HubFramework.Protocol.Tests.MessagePack;

/// <summary>Splits bytes into a multi-segment sequence, so every read is exercised across segment boundaries.</summary>
internal static class Segments
{
    public static ReadOnlySequence<byte> Split(ReadOnlyMemory<byte> bytes, int segmentSize)
    {
        if (bytes.Length <= segmentSize)
        {
            return new ReadOnlySequence<byte>(bytes);
        }

        var first = new Segment(bytes.Slice(0, segmentSize), 0);
        var last = first;
        for (int offset = segmentSize; offset < bytes.Length; offset += segmentSize)
        {
            last = last.Append(bytes.Slice(offset, Math.Min(segmentSize, bytes.Length - offset)));
        }

        return new ReadOnlySequence<byte>(first, 0, last, last.Memory.Length);
    }

    private sealed class Segment : ReadOnlySequenceSegment<byte>
    {
        public Segment(ReadOnlyMemory<byte> memory, long runningIndex)
        {
            Memory = memory;
            RunningIndex = runningIndex;
        }

        public Segment Append(ReadOnlyMemory<byte> memory)
        {
            var next = new Segment(memory, RunningIndex + Memory.Length);
            Next = next;
            return next;
        }
    }
}
