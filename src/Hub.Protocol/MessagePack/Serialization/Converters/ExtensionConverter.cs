using System.Buffers;

namespace HubFramework.Protocol.MessagePack;

internal sealed class ExtensionConverter : MessagePackConverter<MessagePackExtension>
{
    protected override void Write(ref MessagePackWriter writer, MessagePackExtension value) => writer.WriteExtension(value.TypeCode, value.Data.Span);

    protected override MessagePackExtension Read(ref MessagePackReader reader)
    {
        if (reader.NextType != MessagePackType.Extension)
        {
            throw Mismatch(ref reader, "an extension");
        }

        var data = reader.ReadExtension(out var header);
        return new MessagePackExtension(header.TypeCode, data.ToArray());
    }
}
