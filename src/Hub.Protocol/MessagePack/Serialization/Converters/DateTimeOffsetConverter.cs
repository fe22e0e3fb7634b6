using System.Globalization;

namespace HubFramework.Protocol.MessagePack;

/// <summary>Written as the timestamp extension (the offset is not kept; values read from timestamps have offset zero).</summary>
internal sealed class DateTimeOffsetConverter : MessagePackConverter<DateTimeOffset>
{
    protected override void Write(ref MessagePackWriter writer, DateTimeOffset value) =>
        writer.WriteTimestamp(MessagePackTimestamp.FromDateTimeOffset(value));

    protected override DateTimeOffset Read(ref MessagePackReader reader)
    {
        switch (reader.NextType)
        {
            case MessagePackType.Extension:
                var timestamp = DateTimeConverter.ReadTimestamp(ref reader);
                return timestamp.TryToDateTime(out var value)
                    ? new DateTimeOffset(value)
                    : throw new MessagePackSerializationException($"The timestamp {timestamp} is outside the range of DateTimeOffset.");
            case MessagePackType.String:
                string? text = reader.ReadString();
                return DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var parsed)
                    ? parsed
                    : throw new MessagePackSerializationException($"The string \"{text}\" is not a date and time.");
            default:
                throw Mismatch(ref reader, "DateTimeOffset");
        }
    }
}
