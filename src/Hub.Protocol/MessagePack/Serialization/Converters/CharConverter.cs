namespace HubFramework.Protocol.MessagePack;

/// <summary>A char travels as a one-character string (as JSON writes it); integers are accepted too.</summary>
internal sealed class CharConverter : MessagePackConverter<char>
{
    protected override void Write(ref MessagePackWriter writer, char value) => writer.WriteString(new ReadOnlySpan<char>(in value));

    protected override char Read(ref MessagePackReader reader)
    {
        if (reader.NextType == MessagePackType.Integer)
        {
            return reader.TryReadInt64(out long code) == MessagePackReadStatus.Success && code is >= char.MinValue and <= char.MaxValue
                ? (char)code
                : throw new MessagePackSerializationException("The integer is not a UTF-16 code unit.");
        }

        if (reader.NextType != MessagePackType.String)
        {
            throw Mismatch(ref reader, "Char");
        }

        string? text = reader.ReadString();
        return text is { Length: 1 } ? text[0] : throw new MessagePackSerializationException($"The string \"{text}\" is not a single character.");
    }
}
