using System.Buffers;
using System.Buffers.Text;

namespace HubFramework.Protocol.MessagePack;

/// <summary>A Guid travels as its 36-character "D" string (as JSON and MessagePack-CSharp write it); 16-byte bin is accepted too.</summary>
internal sealed class GuidConverter : MessagePackConverter<Guid>
{
    private const int FormattedLength = 36;

    protected override void Write(ref MessagePackWriter writer, Guid value)
    {
        Span<byte> utf8 = stackalloc byte[FormattedLength];
        value.TryFormat(utf8, out _, "D");
        writer.WriteStringUtf8(utf8);
    }

    protected override Guid Read(ref MessagePackReader reader)
    {
        switch (reader.NextType)
        {
            case MessagePackType.String:
                var utf8 = reader.ReadStringBytes();
                if (utf8.IsSingleSegment && Utf8Parser.TryParse(utf8.FirstSpan, out Guid fast, out int used, 'D') && used == utf8.Length)
                {
                    return fast;
                }

                string? text = MessagePackReader.TryDecodeUtf8(utf8, out string? decoded) ? decoded : null;
                return Guid.TryParse(text, out Guid parsed) ? parsed : throw new MessagePackSerializationException($"The string \"{text}\" is not a Guid.");
            case MessagePackType.Binary:
                var bytes = reader.ReadBinary();
                if (bytes.Length != 16)
                {
                    throw new MessagePackSerializationException($"A Guid needs 16 bytes of binary, not {bytes.Length}.");
                }

                Span<byte> raw = stackalloc byte[16];
                bytes.CopyTo(raw);
                return new Guid(raw);
            default:
                throw Mismatch(ref reader, "Guid");
        }
    }
}
