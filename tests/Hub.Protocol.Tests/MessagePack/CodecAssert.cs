using System.Buffers;
using HubFramework.Protocol.MessagePack;

namespace HubFramework.Protocol.Tests.MessagePack;

/// <summary>One read of a value with the status-returning API (a delegate, since the reader is a ref struct).</summary>
internal delegate MessagePackReadStatus ReadStep(ref MessagePackReader reader);

/// <summary>Writing into a fresh buffer.</summary>
internal delegate void WriteStep(ref MessagePackWriter writer);

internal static class CodecAssert
{
    public static byte[] Write(WriteStep step)
    {
        var buffer = new ArrayBufferWriter<byte>();
        var writer = new MessagePackWriter(buffer);
        step(ref writer);
        writer.Flush();
        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>
    /// The encoding reads back with <paramref name="step"/> whole and split into segments, is skipped exactly, and
    /// every strict prefix reports InsufficientData without moving the reader.
    /// </summary>
    public static void ReadsBack(byte[] encoded, ReadStep step)
    {
        foreach (int segmentSize in SegmentSizes(encoded.Length))
        {
            var reader = new MessagePackReader(Segments.Split(encoded, segmentSize));
            Assert.Equal(MessagePackReadStatus.Success, step(ref reader));
            Assert.True(reader.End, $"{reader.Remaining} bytes left after reading (segments of {segmentSize})");

            reader = new MessagePackReader(Segments.Split(encoded, segmentSize));
            Assert.Equal(MessagePackReadStatus.Success, reader.TrySkip());
            Assert.True(reader.End, $"{reader.Remaining} bytes left after skipping (segments of {segmentSize})");
        }

        foreach (int length in PrefixLengths(encoded.Length))
        {
            var reader = new MessagePackReader(Segments.Split(encoded.AsMemory(0, length), encoded.Length <= 4096 ? 3 : 1000));
            Assert.Equal(MessagePackReadStatus.InsufficientData, step(ref reader));
            Assert.Equal(0, reader.Consumed);
            Assert.Equal(MessagePackReadStatus.InsufficientData, reader.TrySkip());
            Assert.Equal(0, reader.Consumed);
        }
    }

    private static IEnumerable<int> SegmentSizes(int length) =>
        length <= 4096 ? [int.MaxValue, 1, 2, 3, 7] : [int.MaxValue, 7, 1000];

    /// <summary>Every prefix of short encodings; the head and tail prefixes of long ones.</summary>
    private static IEnumerable<int> PrefixLengths(int length) =>
        length <= 300
            ? Enumerable.Range(0, length)
            : Enumerable.Range(0, 40).Concat([length - 2, length - 1]);
}
