using System.Buffers;

namespace HubFramework.Protocol.MessagePack;

internal sealed class ByteArrayConverter : MessagePackConverter<byte[]>
{
    protected override void Write(ref MessagePackWriter writer, byte[] value) => writer.WriteBinary(value);

    protected override byte[] Read(ref MessagePackReader reader) =>
        reader.TryReadBinary(out var bytes) == MessagePackReadStatus.Success ? bytes.ToArray() : throw Mismatch(ref reader, "Byte[] (bin)");
}
