namespace HubFramework.Protocol.MessagePack;

/// <summary>
/// An extension value of a type this library does not interpret. Reading into <see cref="object"/> produces it for
/// every extension but the timestamp; writing it reproduces the same bytes.
/// </summary>
public sealed class MessagePackExtension : IEquatable<MessagePackExtension>
{
    /// <summary>Creates the value.</summary>
    public MessagePackExtension(sbyte typeCode, ReadOnlyMemory<byte> data)
    {
        TypeCode = typeCode;
        Data = data;
    }

    /// <summary>The application-defined type code.</summary>
    public sbyte TypeCode { get; }

    /// <summary>The extension's data.</summary>
    public ReadOnlyMemory<byte> Data { get; }

    /// <inheritdoc />
    public bool Equals(MessagePackExtension? other) =>
        other is not null && other.TypeCode == TypeCode && other.Data.Span.SequenceEqual(Data.Span);

    /// <inheritdoc />
    public override bool Equals(object? obj) => Equals(obj as MessagePackExtension);

    /// <inheritdoc />
    public override int GetHashCode()
    {
        var hash = new HashCode();
        hash.Add(TypeCode);
        hash.AddBytes(Data.Span);
        return hash.ToHashCode();
    }

    /// <inheritdoc />
    public override string ToString() => $"ext({TypeCode}, {Convert.ToHexString(Data.Span)})";
}
