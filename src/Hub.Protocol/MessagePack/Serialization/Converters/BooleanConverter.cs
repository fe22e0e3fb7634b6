namespace HubFramework.Protocol.MessagePack;

internal sealed class BooleanConverter : MessagePackConverter<bool>
{
    protected override void Write(ref MessagePackWriter writer, bool value) => writer.Write(value);

    protected override bool Read(ref MessagePackReader reader) =>
        reader.TryReadBoolean(out bool value) == MessagePackReadStatus.Success ? value : throw Mismatch(ref reader, "Boolean");
}
