namespace HubFramework.Protocol.MessagePack;

internal sealed class SingleConverter : MessagePackConverter<float>
{
    protected override void Write(ref MessagePackWriter writer, float value) => writer.Write(value);

    protected override float Read(ref MessagePackReader reader) =>
        reader.TryReadSingle(out float value) == MessagePackReadStatus.Success ? value : throw Mismatch(ref reader, "Single");
}
