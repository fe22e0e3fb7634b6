using System.Buffers;
using System.Text;
using System.Text.Json.Serialization.Metadata;

namespace HubFramework.Protocol.MessagePack;

/// <summary>One property of a contract object: its map key, how to get, set and convert its value.</summary>
internal abstract class PropertyBinding
{
    protected PropertyBinding(JsonPropertyInfo info)
    {
        Name = info.Name;
        Utf8Name = Encoding.UTF8.GetBytes(info.Name);
        var encoded = new ArrayBufferWriter<byte>(Utf8Name.Length + 5);
        var writer = new MessagePackWriter(encoded);
        writer.WriteStringUtf8(Utf8Name);
        writer.Flush();
        EncodedName = encoded.WrittenSpan.ToArray();
        ParameterPosition = info.AssociatedParameter?.Position ?? -1;
        IsRequired = info.IsRequired;
        CanGet = info.Get is not null;
        CanSet = info.Set is not null;
    }

    /// <summary>The property's name on the wire (after the naming policy).</summary>
    public string Name { get; }

    /// <summary><see cref="Name"/> in UTF-8, compared with incoming keys without decoding them.</summary>
    public byte[] Utf8Name { get; }

    /// <summary><see cref="Name"/> as a complete MessagePack string token, copied as-is when writing.</summary>
    public byte[] EncodedName { get; }

    /// <summary>The constructor parameter this property is bound to, or -1.</summary>
    public int ParameterPosition { get; }

    /// <summary>The index among the readable properties (for required-property and deferred-setter bookkeeping).</summary>
    public int ReadIndex { get; set; } = -1;

    public bool IsRequired { get; }

    public bool CanGet { get; }

    public bool CanSet { get; }

    /// <summary>Whether the property is only sometimes written (ignore conditions, ShouldSerialize).</summary>
    public abstract bool IsConditional { get; }

    public abstract bool ShouldWrite(object instance);

    public abstract void WriteValue(ref MessagePackWriter writer, object instance);

    public abstract void ReadInto(ref MessagePackReader reader, object instance);

    public abstract object? ReadBoxed(ref MessagePackReader reader);

    public abstract void SetBoxed(object instance, object? value);
}
