namespace HubFramework.Protocol.MessagePack;

internal sealed class TimestampConverter : MessagePackConverter<MessagePackTimestamp>
{
    protected override void Write(ref MessagePackWriter writer, MessagePackTimestamp value) => writer.WriteTimestamp(value);

    protected override MessagePackTimestamp Read(ref MessagePackReader reader) => DateTimeConverter.ReadTimestamp(ref reader);
}
