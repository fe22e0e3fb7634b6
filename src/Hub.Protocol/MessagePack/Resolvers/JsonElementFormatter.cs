using System.Buffers;
using System.Globalization;
using System.Text.Json;
using MessagePack;
using MessagePack.Formatters;

namespace HubFramework.Protocol.MessagePack;

/// <summary>
/// Reads and writes <see cref="JsonElement"/> as the MessagePack value of the same shape (map, array, string, number,
/// boolean, nil), so a hub method or client handler that takes free-form JSON (<c>JsonElement</c>) works over both
/// protocols. The package has no formatter for it: the contractless resolver would treat it as an object with
/// properties and lose the value.
/// </summary>
/// <remarks>
/// Reading accepts what JSON cannot say directly: binary becomes a base64 string, a timestamp an ISO 8601 string,
/// a non-string map key its invariant text. NaN and infinities have no JSON form and are refused. Nesting counts
/// against <see cref="MessagePackSecurity.MaximumObjectGraphDepth"/>, as for every other formatter.
/// </remarks>
public sealed class JsonElementFormatter : IMessagePackFormatter<JsonElement>
{
    /// <summary>The formatter.</summary>
    public static readonly JsonElementFormatter Instance = new();

    private JsonElementFormatter()
    {
    }

    /// <inheritdoc />
    public void Serialize(ref MessagePackWriter writer, JsonElement value, MessagePackSerializerOptions options)
    {
        switch (value.ValueKind)
        {
            case JsonValueKind.Object:
                var count = 0;
                foreach (var _ in value.EnumerateObject())
                {
                    count++;
                }

                writer.WriteMapHeader(count);
                foreach (var property in value.EnumerateObject())
                {
                    writer.Write(property.Name);
                    Serialize(ref writer, property.Value, options);
                }

                break;
            case JsonValueKind.Array:
                writer.WriteArrayHeader(value.GetArrayLength());
                foreach (var item in value.EnumerateArray())
                {
                    Serialize(ref writer, item, options);
                }

                break;
            case JsonValueKind.String:
                writer.Write(value.GetString());
                break;
            case JsonValueKind.Number:
                if (value.TryGetInt64(out var integer))
                {
                    writer.Write(integer);
                }
                else if (value.TryGetUInt64(out var unsigned))
                {
                    writer.Write(unsigned);
                }
                else
                {
                    writer.Write(value.GetDouble());
                }

                break;
            case JsonValueKind.True:
                writer.Write(true);
                break;
            case JsonValueKind.False:
                writer.Write(false);
                break;
            default:
                writer.WriteNil();
                break;
        }
    }

    /// <inheritdoc />
    public JsonElement Deserialize(ref MessagePackReader reader, MessagePackSerializerOptions options)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var json = new Utf8JsonWriter(buffer))
        {
            Transcode(ref reader, json, options);
        }

        using var document = JsonDocument.Parse(buffer.WrittenMemory);
        return document.RootElement.Clone();
    }

    private static void Transcode(ref MessagePackReader reader, Utf8JsonWriter json, MessagePackSerializerOptions options)
    {
        switch (reader.NextMessagePackType)
        {
            case MessagePackType.Map:
                var properties = reader.ReadMapHeader();
                options.Security.DepthStep(ref reader);
                try
                {
                    json.WriteStartObject();
                    for (var i = 0; i < properties; i++)
                    {
                        json.WritePropertyName(ReadKey(ref reader));
                        Transcode(ref reader, json, options);
                    }

                    json.WriteEndObject();
                }
                finally
                {
                    reader.Depth--;
                }

                break;
            case MessagePackType.Array:
                var items = reader.ReadArrayHeader();
                options.Security.DepthStep(ref reader);
                try
                {
                    json.WriteStartArray();
                    for (var i = 0; i < items; i++)
                    {
                        Transcode(ref reader, json, options);
                    }

                    json.WriteEndArray();
                }
                finally
                {
                    reader.Depth--;
                }

                break;
            case MessagePackType.String:
                json.WriteStringValue(reader.ReadString());
                break;
            case MessagePackType.Integer:
                if (reader.NextCode == MessagePackCode.UInt64)
                {
                    json.WriteNumberValue(reader.ReadUInt64());
                }
                else
                {
                    json.WriteNumberValue(reader.ReadInt64());
                }

                break;
            case MessagePackType.Float:
                var number = reader.ReadDouble();
                if (!double.IsFinite(number))
                {
                    throw new MessagePackSerializationException($"The number {number.ToString(CultureInfo.InvariantCulture)} has no JSON form.");
                }

                json.WriteNumberValue(number);
                break;
            case MessagePackType.Boolean:
                json.WriteBooleanValue(reader.ReadBoolean());
                break;
            case MessagePackType.Nil:
                reader.ReadNil();
                json.WriteNullValue();
                break;
            case MessagePackType.Binary:
                json.WriteBase64StringValue(reader.ReadBytes()?.ToArray() ?? []);
                break;
            case MessagePackType.Extension when reader.NextCode is MessagePackCode.FixExt4 or MessagePackCode.FixExt8 or MessagePackCode.Ext8
                && reader.CreatePeekReader().ReadExtensionFormatHeader().TypeCode == ReservedMessagePackExtensionTypeCode.DateTime:
                json.WriteStringValue(reader.ReadDateTime().ToString("O", CultureInfo.InvariantCulture));
                break;
            default:
                throw new MessagePackSerializationException($"A MessagePack {reader.NextMessagePackType} value has no JSON form.");
        }
    }

    private static string ReadKey(ref MessagePackReader reader) => reader.NextMessagePackType switch
    {
        MessagePackType.String => reader.ReadString() ?? string.Empty,
        MessagePackType.Integer => reader.ReadInt64().ToString(CultureInfo.InvariantCulture),
        MessagePackType.Boolean => reader.ReadBoolean() ? "true" : "false",
        _ => throw new MessagePackSerializationException($"A map key of MessagePack type {reader.NextMessagePackType} has no JSON form."),
    };
}
