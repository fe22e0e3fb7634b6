using System.Buffers;

namespace HubFramework.Protocol.MessagePack;

/// <summary>Binary as <see cref="ReadOnlyMemory{T}"/>; nil reads as empty.</summary>
internal sealed class ReadOnlyMemoryOfByteConverter : MessagePackConverter<ReadOnlyMemory<byte>>
{
    protected override void Write(ref MessagePackWriter writer, ReadOnlyMemory<byte> value) => writer.WriteBinary(value.Span);

    protected override ReadOnlyMemory<byte> Read(ref MessagePackReader reader)
    {
        if (reader.TryReadNil() == MessagePackReadStatus.Success)
        {
            return ReadOnlyMemory<byte>.Empty;
        }

        return reader.TryReadBinary(out var bytes) == MessagePackReadStatus.Success ? bytes.ToArray() : throw Mismatch(ref reader, "ReadOnlyMemory<Byte> (bin)");
    }
}
