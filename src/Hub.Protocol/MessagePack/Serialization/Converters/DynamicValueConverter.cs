using System.Buffers;

namespace HubFramework.Protocol.MessagePack;

/// <summary>
/// Values typed as <see cref="object"/>. Writing dispatches on the runtime type. Reading produces natural .NET
/// values: nil → null, booleans → bool, integers → long (ulong above long.MaxValue), float 32 → float,
/// float 64 → double, str → string, bin → byte[], array → object?[], map → Dictionary&lt;string, object?&gt; when
/// every key is a string (otherwise Dictionary&lt;object, object?&gt;), timestamp → DateTime (UTC; a
/// <see cref="MessagePackTimestamp"/> outside DateTime's range), other extensions → <see cref="MessagePackExtension"/>.
/// </summary>
internal sealed class DynamicValueConverter : MessagePackConverter<object>
{
    private readonly MessagePackSerializer _serializer;

    public DynamicValueConverter(MessagePackSerializer serializer)
    {
        _serializer = serializer;
    }

    protected override void Write(ref MessagePackWriter writer, object value) => _serializer.Serialize(ref writer, value);

    protected override object Read(ref MessagePackReader reader) => ReadAny(ref reader)!;

    public static object? ReadAny(ref MessagePackReader reader)
    {
        switch (reader.NextType)
        {
            case MessagePackType.Nil:
                reader.ReadNil();
                return null;
            case MessagePackType.Boolean:
                return reader.ReadBoolean();
            case MessagePackType.Integer:
                return reader.TryReadInt64(out long value) == MessagePackReadStatus.Success ? value : reader.ReadUInt64();
            case MessagePackType.Float:
                return reader.NextCode == MessagePackCode.Float32 ? (object)reader.ReadSingle() : reader.ReadDouble();
            case MessagePackType.String:
                return reader.ReadString();
            case MessagePackType.Binary:
                return reader.ReadBinary().ToArray();
            case MessagePackType.Array:
                return ReadArray(ref reader);
            case MessagePackType.Map:
                return ReadMap(ref reader);
            default:
                return ReadExtension(ref reader);
        }
    }

    private static object?[] ReadArray(ref MessagePackReader reader)
    {
        int count = reader.ReadArrayHeader();
        if (count == 0)
        {
            reader.IncrementDepth();
            reader.DecrementDepth();
            return [];
        }

        var items = new object?[count];
        reader.IncrementDepth();
        for (int i = 0; i < count; i++)
        {
            items[i] = ReadAny(ref reader);
        }

        reader.DecrementDepth();
        return items;
    }

    private static object ReadMap(ref MessagePackReader reader)
    {
        int count = reader.ReadMapHeader();
        reader.IncrementDepth();
        var byString = new Dictionary<string, object?>(count);
        Dictionary<object, object?>? byObject = null;
        for (int i = 0; i < count; i++)
        {
            object? key = ReadAny(ref reader);
            object? value = ReadAny(ref reader);
            if (byObject is null && key is string text)
            {
                byString[text] = value;
                continue;
            }

            if (key is null)
            {
                throw new MessagePackSerializationException("A map key is nil, which no .NET dictionary can hold.");
            }

            if (byObject is null)
            {
                byObject = new Dictionary<object, object?>(count);
                foreach (var pair in byString)
                {
                    byObject[pair.Key] = pair.Value;
                }
            }

            byObject[key] = value;
        }

        reader.DecrementDepth();
        return (object?)byObject ?? byString;
    }

    private static object ReadExtension(ref MessagePackReader reader)
    {
        if (reader.TryReadTimestamp(out var timestamp) == MessagePackReadStatus.Success)
        {
            return timestamp.TryToDateTime(out var value) ? value : timestamp;
        }

        var data = reader.ReadExtension(out var header);
        if (header.TypeCode == MessagePackCode.TimestampExtensionType)
        {
            throw new MessagePackFormatException($"A timestamp extension of {header.Length} bytes is invalid (4, 8 or 12 bytes with fewer than a billion nanoseconds expected).");
        }

        return new MessagePackExtension(header.TypeCode, data.ToArray());
    }
}
