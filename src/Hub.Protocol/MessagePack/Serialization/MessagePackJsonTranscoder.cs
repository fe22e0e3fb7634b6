using System.Buffers;
using System.Globalization;
using System.Text.Json;

namespace HubFramework.Protocol.MessagePack;

/// <summary>
/// Converts between MessagePack values and JSON, so that types only System.Text.Json knows how to handle (custom
/// converters, polymorphic hierarchies, JsonElement/JsonNode, TimeSpan, Uri…) work over MessagePack with the
/// same model. bin becomes a base64 string and timestamps ISO 8601 strings; other extensions have no JSON form.
/// </summary>
internal static class MessagePackJsonTranscoder
{
    /// <summary>Writes the next MessagePack value as JSON.</summary>
    public static void WriteJson(ref MessagePackReader reader, Utf8JsonWriter json)
    {
        switch (reader.NextType)
        {
            case MessagePackType.Nil:
                reader.ReadNil();
                json.WriteNullValue();
                break;
            case MessagePackType.Boolean:
                json.WriteBooleanValue(reader.ReadBoolean());
                break;
            case MessagePackType.Integer:
                if (reader.TryReadInt64(out long integer) == MessagePackReadStatus.Success)
                {
                    json.WriteNumberValue(integer);
                }
                else
                {
                    json.WriteNumberValue(reader.ReadUInt64());
                }

                break;
            case MessagePackType.Float:
                WriteFloat(json, reader.NextCode == MessagePackCode.Float32, reader.ReadDouble());
                break;
            case MessagePackType.String:
                json.WriteStringValue(reader.ReadString());
                break;
            case MessagePackType.Binary:
                var bytes = reader.ReadBinary();
                json.WriteBase64StringValue(bytes.IsSingleSegment ? bytes.FirstSpan : bytes.ToArray());
                break;
            case MessagePackType.Array:
                int count = reader.ReadArrayHeader();
                reader.IncrementDepth();
                json.WriteStartArray();
                for (int i = 0; i < count; i++)
                {
                    WriteJson(ref reader, json);
                }

                json.WriteEndArray();
                reader.DecrementDepth();
                break;
            case MessagePackType.Map:
                WriteObject(ref reader, json);
                break;
            default:
                var timestamp = DateTimeConverter.ReadTimestamp(ref reader);
                if (!timestamp.TryToDateTime(out var instant))
                {
                    throw new MessagePackSerializationException($"The timestamp {timestamp} is outside the range of an ISO 8601 date.");
                }

                json.WriteStringValue(instant);
                break;
        }
    }

    /// <summary>Writes a JSON value as MessagePack: integers in the smallest integer format, other numbers as float 64.</summary>
    public static void WriteElement(ref MessagePackWriter writer, JsonElement element)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                int count = 0;
                foreach (var unused in element.EnumerateObject())
                {
                    count++;
                }

                writer.WriteMapHeader(count);
                writer.IncrementDepth();
                foreach (var property in element.EnumerateObject())
                {
                    writer.WriteString(property.Name);
                    WriteElement(ref writer, property.Value);
                }

                writer.DecrementDepth();
                break;
            case JsonValueKind.Array:
                writer.WriteArrayHeader(element.GetArrayLength());
                writer.IncrementDepth();
                foreach (var item in element.EnumerateArray())
                {
                    WriteElement(ref writer, item);
                }

                writer.DecrementDepth();
                break;
            case JsonValueKind.String:
                writer.WriteString(element.GetString());
                break;
            case JsonValueKind.Number:
                if (element.TryGetInt64(out long signed))
                {
                    writer.Write(signed);
                }
                else if (element.TryGetUInt64(out ulong unsigned))
                {
                    writer.Write(unsigned);
                }
                else
                {
                    writer.Write(element.GetDouble());
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

    private static void WriteObject(ref MessagePackReader reader, Utf8JsonWriter json)
    {
        int count = reader.ReadMapHeader();
        reader.IncrementDepth();
        json.WriteStartObject();
        for (int i = 0; i < count; i++)
        {
            switch (reader.NextType)
            {
                case MessagePackType.String:
                    json.WritePropertyName(reader.ReadString()!);
                    break;
                case MessagePackType.Integer:
                    json.WritePropertyName(reader.TryReadInt64(out long key) == MessagePackReadStatus.Success
                        ? key.ToString(CultureInfo.InvariantCulture)
                        : reader.ReadUInt64().ToString(CultureInfo.InvariantCulture));
                    break;
                default:
                    throw new MessagePackSerializationException($"A map key of type {reader.DescribeNext()} has no JSON form (string or integer keys only).");
            }

            WriteJson(ref reader, json);
        }

        json.WriteEndObject();
        reader.DecrementDepth();
    }

    private static void WriteFloat(Utf8JsonWriter json, bool isSingle, double value)
    {
        if (!double.IsFinite(value))
        {
            // JSON has no literal for these; System.Text.Json reads these names when named literals are allowed.
            json.WriteStringValue(double.IsNaN(value) ? "NaN" : value > 0 ? "Infinity" : "-Infinity");
        }
        else if (isSingle)
        {
            json.WriteNumberValue((float)value);
        }
        else
        {
            json.WriteNumberValue(value);
        }
    }
}
