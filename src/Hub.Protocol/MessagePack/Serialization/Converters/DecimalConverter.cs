using System.Globalization;

namespace HubFramework.Protocol.MessagePack;

/// <summary>Decimals travel as strings (as MessagePack-CSharp writes them) so no digit is lost; numbers are accepted too.</summary>
internal sealed class DecimalConverter : MessagePackConverter<decimal>
{
    protected override void Write(ref MessagePackWriter writer, decimal value)
    {
        Span<char> text = stackalloc char[64];
        value.TryFormat(text, out int written, default, CultureInfo.InvariantCulture);
        writer.WriteString(text.Slice(0, written));
    }

    protected override decimal Read(ref MessagePackReader reader)
    {
        switch (reader.NextType)
        {
            case MessagePackType.String:
                string? text = reader.ReadString();
                if (decimal.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out decimal parsed))
                {
                    return parsed;
                }

                throw new MessagePackSerializationException($"The string \"{text}\" is not a decimal number.");
            case MessagePackType.Integer:
                return reader.TryReadInt64(out long integer) == MessagePackReadStatus.Success ? integer : reader.ReadUInt64();
            case MessagePackType.Float:
                double d = reader.ReadDouble();
                if (double.IsFinite(d) && Math.Abs(d) < 7.9e28)
                {
                    return (decimal)d;
                }

                throw new MessagePackSerializationException($"The number {d} cannot be converted to Decimal.");
            default:
                throw Mismatch(ref reader, "Decimal");
        }
    }
}
