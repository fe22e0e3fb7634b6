namespace HubFramework.Protocol.MessagePack;

internal sealed class DoubleConverter : MessagePackConverter<double>
{
    protected override void Write(ref MessagePackWriter writer, double value) => writer.Write(value);

    protected override double Read(ref MessagePackReader reader) =>
        reader.TryReadDouble(out double value) == MessagePackReadStatus.Success ? value : throw Mismatch(ref reader, "Double");
}
