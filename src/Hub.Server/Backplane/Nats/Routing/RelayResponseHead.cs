using System.Buffers;
using System.Buffers.Binary;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Primitives;

namespace HubFramework.Server.Backplane.Nats;

/// <summary>
/// The payload of a <see cref="RelayFrameKind.Head"/> frame: <c>[length u32][{"s":status,"h":[[name,value…]…]}]</c>
/// followed by the first body bytes.
/// </summary>
internal static class RelayResponseHead
{
    // The edge's server frames its own response; these describe the owner's (never-sent) one.
    private static readonly HashSet<string> NotForwarded = new(StringComparer.OrdinalIgnoreCase)
    {
        "Connection", "Keep-Alive", "Transfer-Encoding", "Upgrade", "Trailer", "Date", "Server",
    };

    public static void Write(ArrayBufferWriter<byte> output, int status, IHeaderDictionary headers)
    {
        var lengthAt = output.WrittenCount;
        output.GetSpan(4)[..4].Clear();
        output.Advance(4);
        var start = output.WrittenCount;
        using (var json = new Utf8JsonWriter(output))
        {
            json.WriteStartObject();
            json.WriteNumber("s", status);
            json.WriteStartArray("h");
            foreach (var header in headers)
            {
                if (NotForwarded.Contains(header.Key))
                {
                    continue;
                }

                json.WriteStartArray();
                json.WriteStringValue(header.Key);
                foreach (var value in header.Value)
                {
                    json.WriteStringValue(value);
                }

                json.WriteEndArray();
            }

            json.WriteEndArray();
            json.WriteEndObject();
        }

        BinaryPrimitives.WriteUInt32LittleEndian(System.Runtime.InteropServices.MemoryMarshal.AsMemory(output.WrittenMemory).Span[lengthAt..], (uint)(output.WrittenCount - start));
    }

    /// <summary>Reads a head frame's status and headers; the body bytes after them start at <paramref name="bodyOffset"/>.</summary>
    public static bool TryParse(ReadOnlySpan<byte> payload, out int status, out List<KeyValuePair<string, StringValues>> headers, out int bodyOffset)
    {
        status = 0;
        headers = [];
        bodyOffset = 0;
        if (payload.Length < 4)
        {
            return false;
        }

        var length = BinaryPrimitives.ReadUInt32LittleEndian(payload);
        if (length > payload.Length - 4)
        {
            return false;
        }

        bodyOffset = 4 + (int)length;
        try
        {
            var reader = new Utf8JsonReader(payload.Slice(4, (int)length));
            using var document = JsonDocument.ParseValue(ref reader);
            status = document.RootElement.GetProperty("s").GetInt32();
            foreach (var header in document.RootElement.GetProperty("h").EnumerateArray())
            {
                var values = header.EnumerateArray().Select(v => v.GetString() ?? string.Empty).ToArray();
                if (values.Length >= 1 && values[0].Length > 0)
                {
                    headers.Add(new KeyValuePair<string, StringValues>(values[0], new StringValues(values[1..])));
                }
            }

            return status is >= 100 and <= 599;
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException or KeyNotFoundException or FormatException)
        {
            return false;
        }
    }
}
