namespace HubFramework.Protocol.MessagePack;

internal sealed class StringConverter : MessagePackConverter<string>
{
    protected override void Write(ref MessagePackWriter writer, string value) => writer.WriteString(value);

    protected override string Read(ref MessagePackReader reader)
    {
        if (reader.NextType != MessagePackType.String)
        {
            throw Mismatch(ref reader, "String");
        }

        return reader.ReadString()!;
    }
}
