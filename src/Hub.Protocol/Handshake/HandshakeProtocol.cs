using System.Buffers;
using System.Text.Encodings.Web;
using System.Text.Json;
using HubFramework.Protocol.Json;

namespace HubFramework.Protocol;

/// <summary>
/// Reads and writes the handshake: the client's <c>{"protocol":"json","version":1}</c> and the server's
/// <c>{}</c> or <c>{"error":"…"}</c>, each a JSON record ended by 0x1E whatever hub protocol follows.
/// Parsing is incremental: it returns false until the record separator has arrived.
/// </summary>
public static class HandshakeProtocol
{
    /// <summary>The largest handshake record accepted when the caller names no limit (32 KB, like the hub message default).</summary>
    public const int DefaultMaximumHandshakeSize = 32 * 1024;

    private static readonly JsonEncodedText ProtocolName = JsonEncodedText.Encode("protocol");
    private static readonly JsonEncodedText VersionName = JsonEncodedText.Encode("version");
    private static readonly JsonEncodedText ErrorName = JsonEncodedText.Encode("error");

    private static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
    private static readonly JsonReaderOptions ReaderOptions = new() { MaxDepth = 16 };

    /// <summary>The bytes of the successful response, <c>{}</c> + 0x1E.</summary>
    public static ReadOnlySpan<byte> SuccessResponseBytes => "{}\u001e"u8;

    /// <summary>Writes a handshake request.</summary>
    public static void WriteRequestMessage(HandshakeRequestMessage request, IBufferWriter<byte> output)
    {
        ArgumentNullException.ThrowIfNull(request);
        WriteRecord(output, request, static (writer, request) =>
        {
            writer.WriteString(ProtocolName, request.Protocol);
            writer.WriteNumber(VersionName, request.Version);
        });
    }

    /// <summary>Writes a handshake response: <c>{}</c> on success, <c>{"error":"…"}</c> otherwise.</summary>
    public static void WriteResponseMessage(HandshakeResponseMessage response, IBufferWriter<byte> output)
    {
        ArgumentNullException.ThrowIfNull(response);
        ArgumentNullException.ThrowIfNull(output);
        if (response.Error is null)
        {
            output.Write(SuccessResponseBytes);
            return;
        }

        WriteRecord(output, response.Error, static (writer, error) => writer.WriteString(ErrorName, error));
    }

    /// <summary>
    /// Server side: parses the handshake request at the start of <paramref name="input"/>, accepting up to
    /// <see cref="DefaultMaximumHandshakeSize"/> bytes.
    /// </summary>
    /// <inheritdoc cref="TryParseRequestMessage(ref ReadOnlySequence{byte}, long?, out HandshakeRequestMessage?)"/>
    public static bool TryParseRequestMessage(ref ReadOnlySequence<byte> input, out HandshakeRequestMessage? request) =>
        TryParseRequestMessage(ref input, DefaultMaximumHandshakeSize, out request);

    /// <summary>
    /// Server side: parses the handshake request at the start of <paramref name="input"/> and advances past it.
    /// Returns false, leaving <paramref name="input"/> unchanged, until the record separator has arrived.
    /// Properties other than <c>protocol</c> and <c>version</c> are ignored.
    /// </summary>
    /// <param name="input">Buffered bytes.</param>
    /// <param name="maximumMessageSize">Largest request accepted (bytes, separator excluded); null for no limit.</param>
    /// <param name="request">The request.</param>
    /// <exception cref="HubProtocolException">The request is too long, not valid UTF-8 JSON, or lacks
    /// <c>protocol</c> or <c>version</c>.</exception>
    public static bool TryParseRequestMessage(ref ReadOnlySequence<byte> input, long? maximumMessageSize, out HandshakeRequestMessage? request)
    {
        request = null;
        if (!TryParseRecord(ref input, maximumMessageSize, "handshake request", out var record))
        {
            return false;
        }

        string? protocol = null;
        int? version = null;
        ParseObject(record, "handshake request", (ref Utf8JsonReader reader) =>
        {
            if (reader.ValueTextEquals("protocol"u8))
            {
                reader.Read();
                protocol = reader.TokenType == JsonTokenType.String
                    ? reader.GetString()
                    : throw new HubProtocolException("Expected 'protocol' in the handshake request to be a string.");
            }
            else if (reader.ValueTextEquals("version"u8))
            {
                reader.Read();
                version = reader.TokenType == JsonTokenType.Number && reader.TryGetInt32(out var value)
                    ? value
                    : throw new HubProtocolException("Expected 'version' in the handshake request to be an integer.");
            }
            else
            {
                reader.Read();
                reader.Skip();
            }
        });

        if (string.IsNullOrEmpty(protocol))
        {
            throw new HubProtocolException("The handshake request is missing the required property 'protocol'.");
        }

        if (version is null)
        {
            throw new HubProtocolException("The handshake request is missing the required property 'version'.");
        }

        request = new HandshakeRequestMessage(protocol, version.Value);
        return true;
    }

    /// <summary>
    /// Client side: parses the handshake response at the start of <paramref name="input"/>, accepting up to
    /// <see cref="DefaultMaximumHandshakeSize"/> bytes.
    /// </summary>
    /// <inheritdoc cref="TryParseResponseMessage(ref ReadOnlySequence{byte}, long?, out HandshakeResponseMessage?)"/>
    public static bool TryParseResponseMessage(ref ReadOnlySequence<byte> input, out HandshakeResponseMessage? response) =>
        TryParseResponseMessage(ref input, DefaultMaximumHandshakeSize, out response);

    /// <summary>
    /// Client side: parses the handshake response at the start of <paramref name="input"/> and advances past it
    /// (hub messages may follow in the same buffer). Returns false, leaving <paramref name="input"/> unchanged,
    /// until the record separator has arrived. Properties other than <c>error</c> (such as <c>minorVersion</c>) are ignored.
    /// </summary>
    /// <param name="input">Buffered bytes.</param>
    /// <param name="maximumMessageSize">Largest response accepted (bytes, separator excluded); null for no limit.</param>
    /// <param name="response">The response.</param>
    /// <exception cref="HubProtocolException">The response is too long, not valid UTF-8 JSON, or is a hub message
    /// (has a <c>type</c>) instead of a handshake response.</exception>
    public static bool TryParseResponseMessage(ref ReadOnlySequence<byte> input, long? maximumMessageSize, out HandshakeResponseMessage? response)
    {
        response = null;
        if (!TryParseRecord(ref input, maximumMessageSize, "handshake response", out var record))
        {
            return false;
        }

        string? error = null;
        ParseObject(record, "handshake response", (ref Utf8JsonReader reader) =>
        {
            if (reader.ValueTextEquals("type"u8))
            {
                throw new HubProtocolException("Expected a handshake response from the server, got a hub message.");
            }

            var isError = reader.ValueTextEquals("error"u8);
            reader.Read();
            if (!isError)
            {
                reader.Skip();
                return;
            }

            error = reader.TokenType switch
            {
                JsonTokenType.String => reader.GetString(),
                JsonTokenType.Null => null,
                _ => throw new HubProtocolException("Expected 'error' in the handshake response to be a string."),
            };
        });

        response = error is null ? HandshakeResponseMessage.Empty : new HandshakeResponseMessage(error);
        return true;
    }

    private static bool TryParseRecord(ref ReadOnlySequence<byte> input, long? maximumMessageSize, string what, out ReadOnlySequence<byte> record)
    {
        try
        {
            return TextMessageFramer.TryParse(ref input, maximumMessageSize, out record);
        }
        catch (HubProtocolException ex)
        {
            throw new HubProtocolException($"The {what} is too large: {ex.Message}", ex);
        }
    }

    private delegate void PropertyReader(ref Utf8JsonReader reader);

    /// <summary>Walks the properties of the single JSON object in <paramref name="record"/>; the callback reads each value.</summary>
    private static void ParseObject(in ReadOnlySequence<byte> record, string what, PropertyReader readProperty)
    {
        Utf8Validation.ThrowIfInvalid(record, $"The {what}");
        var span = ContiguousRecord.Get(record, out var rented);
        try
        {
            var reader = new Utf8JsonReader(span, ReaderOptions);
            reader.Read();
            if (reader.TokenType != JsonTokenType.StartObject)
            {
                throw new HubProtocolException($"The {what} must be a JSON object, not {reader.TokenType}.");
            }

            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                readProperty(ref reader);
            }

            if (reader.Read())
            {
                throw new HubProtocolException($"Unexpected JSON token {reader.TokenType} after the {what}.");
            }
        }
        catch (JsonException ex)
        {
            throw new HubProtocolException($"The {what} is not valid JSON: {ex.Message}", ex);
        }
        catch (InvalidOperationException ex)
        {
            // A string escape that is not valid UTF-16 (a lone surrogate).
            throw new HubProtocolException($"The {what} is not valid JSON: {ex.Message}", ex);
        }
        finally
        {
            ContiguousRecord.Return(rented);
        }
    }

    private static void WriteRecord<TState>(IBufferWriter<byte> output, TState state, Action<Utf8JsonWriter, TState> writeProperties)
    {
        ArgumentNullException.ThrowIfNull(output);
        var writer = Utf8JsonWriterCache.Rent(output, WriterOptions);
        try
        {
            writer.WriteStartObject();
            writeProperties(writer, state);
            writer.WriteEndObject();
            writer.Flush();
        }
        finally
        {
            Utf8JsonWriterCache.Return(writer);
        }

        TextMessageFramer.WriteRecordSeparator(output);
    }
}
