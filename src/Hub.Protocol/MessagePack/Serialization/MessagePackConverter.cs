namespace HubFramework.Protocol.MessagePack;

/// <summary>Converts values of one .NET type to and from MessagePack; created once per type and serializer, then cached.</summary>
internal abstract class MessagePackConverter
{
    /// <summary>The converted type.</summary>
    public abstract Type Type { get; }

    /// <summary>Writes a value typed as <see cref="object"/> (must be of <see cref="Type"/> or null).</summary>
    public abstract void WriteObject(ref MessagePackWriter writer, object? value);

    /// <summary>Reads a value and returns it boxed.</summary>
    public abstract object? ReadObject(ref MessagePackReader reader);
}

/// <summary>A converter for <typeparamref name="T"/>; nil handling for reference types lives here, once.</summary>
internal abstract class MessagePackConverter<T> : MessagePackConverter
{
    /// <inheritdoc />
    public override Type Type => typeof(T);

    /// <summary>Writes <paramref name="value"/>; null becomes nil.</summary>
    public void WriteValue(ref MessagePackWriter writer, T value)
    {
        if (value is null)
        {
            writer.WriteNil();
            return;
        }

        Write(ref writer, value);
    }

    /// <summary>Reads a value; nil becomes null for reference types (value types decide for themselves).</summary>
    public T ReadValue(ref MessagePackReader reader)
    {
        if (!typeof(T).IsValueType && reader.TryReadNil() == MessagePackReadStatus.Success)
        {
            return default!;
        }

        return Read(ref reader);
    }

    /// <inheritdoc />
    public override void WriteObject(ref MessagePackWriter writer, object? value) => WriteValue(ref writer, (T)value!);

    /// <inheritdoc />
    public override object? ReadObject(ref MessagePackReader reader) => ReadValue(ref reader);

    /// <summary>Writes a value that is not null.</summary>
    protected abstract void Write(ref MessagePackWriter writer, T value);

    /// <summary>Reads a value; for reference types the next token is known not to be nil.</summary>
    protected abstract T Read(ref MessagePackReader reader);

    /// <summary>The error for a token of the wrong type.</summary>
    protected static MessagePackSerializationException Mismatch(ref MessagePackReader reader, string expected) =>
        new($"Cannot convert {reader.DescribeNext()} at offset {reader.Consumed} to {expected}.");
}
