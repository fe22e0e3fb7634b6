using System.Globalization;

namespace HubFramework.Protocol.MessagePack;

/// <summary>
/// Written as the timestamp extension (what JavaScript's MessagePack encoders produce for a Date); local times are
/// converted to UTC and unspecified ones taken as UTC. Read from a timestamp (Kind Utc) or an ISO 8601 string.
/// </summary>
internal sealed class DateTimeConverter : MessagePackConverter<DateTime>
{
    protected override void Write(ref MessagePackWriter writer, DateTime value) => writer.WriteTimestamp(value);

    protected override DateTime Read(ref MessagePackReader reader)
    {
        switch (reader.NextType)
        {
            case MessagePackType.Extension:
                var timestamp = ReadTimestamp(ref reader);
                return timestamp.TryToDateTime(out var value)
                    ? value
                    : throw new MessagePackSerializationException($"The timestamp {timestamp} is outside the range of DateTime.");
            case MessagePackType.String:
                string? text = reader.ReadString();
                return DateTime.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var parsed)
                    ? parsed
                    : throw new MessagePackSerializationException($"The string \"{text}\" is not a date and time.");
            default:
                throw Mismatch(ref reader, "DateTime");
        }
    }

    internal static MessagePackTimestamp ReadTimestamp(ref MessagePackReader reader)
    {
        var status = reader.TryReadTimestamp(out var timestamp);
        return status switch
        {
            MessagePackReadStatus.Success => timestamp,
            MessagePackReadStatus.TypeMismatch => throw Mismatch(ref reader, "a timestamp"),
            _ => reader.ReadTimestamp(),
        };
    }
}
