using System.Buffers;

namespace HubFramework.Protocol.MessagePack;

/// <summary>Binary as <see cref="Memory{T}"/>; nil reads as empty.</summary>
internal sealed class MemoryOfByteConverter : MessagePackConverter<Memory<byte>>
{
    protected override void Write(ref MessagePackWriter writer, Memory<byte> value) => writer.WriteBinary(value.Span);

    protected override Memory<byte> Read(ref MessagePackReader reader)
    {
        if (reader.TryReadNil() == MessagePackReadStatus.Success)
        {
            return Memory<byte>.Empty;
        }

        return reader.TryReadBinary(out var bytes) == MessagePackReadStatus.Success ? bytes.ToArray() : throw Mismatch(ref reader, "Memory<Byte> (bin)");
    }
}
