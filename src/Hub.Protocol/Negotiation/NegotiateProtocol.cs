using System.Buffers;
using System.Text.Encodings.Web;
using System.Text.Json;
using HubFramework.Protocol.Json;

namespace HubFramework.Protocol;

/// <summary>
/// Reads and writes the body of the negotiate response (<c>POST …/negotiate</c>): the connection description
/// (versions 0 and 1), the redirect form (<c>url</c>, <c>accessToken</c>) and the error form (<c>error</c>).
/// </summary>
public static class NegotiateProtocol
{
    private static readonly JsonEncodedText ConnectionIdName = JsonEncodedText.Encode("connectionId");
    private static readonly JsonEncodedText ConnectionTokenName = JsonEncodedText.Encode("connectionToken");
    private static readonly JsonEncodedText NegotiateVersionName = JsonEncodedText.Encode("negotiateVersion");
    private static readonly JsonEncodedText AvailableTransportsName = JsonEncodedText.Encode("availableTransports");
    private static readonly JsonEncodedText TransportName = JsonEncodedText.Encode("transport");
    private static readonly JsonEncodedText TransferFormatsName = JsonEncodedText.Encode("transferFormats");
    private static readonly JsonEncodedText UrlName = JsonEncodedText.Encode("url");
    private static readonly JsonEncodedText AccessTokenName = JsonEncodedText.Encode("accessToken");
    private static readonly JsonEncodedText ErrorName = JsonEncodedText.Encode("error");
    private static readonly JsonEncodedText UseStatefulReconnectName = JsonEncodedText.Encode("useStatefulReconnect");
    private static readonly JsonEncodedText ExtensionsName = JsonEncodedText.Encode("hubExtensions");

    private static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
    private static readonly JsonReaderOptions ReaderOptions = new() { MaxDepth = 16 };

    /// <summary>
    /// Writes <paramref name="response"/> as JSON. With an <see cref="NegotiationResponse.Error"/> only the error is
    /// written; with a <see cref="NegotiationResponse.Url"/> the redirect form; otherwise the connection description,
    /// in the property order of ASP.NET Core SignalR: <c>useStatefulReconnect</c> (only when true),
    /// <c>negotiateVersion</c>, <c>connectionId</c>, <c>connectionToken</c> (only for version 1 and later),
    /// <c>availableTransports</c>.
    /// </summary>
    public static void WriteResponse(NegotiationResponse response, IBufferWriter<byte> output)
    {
        ArgumentNullException.ThrowIfNull(response);
        ArgumentNullException.ThrowIfNull(output);
        var writer = Utf8JsonWriterCache.Rent(output, WriterOptions);
        try
        {
            writer.WriteStartObject();
            if (!string.IsNullOrEmpty(response.Error))
            {
                writer.WriteString(ErrorName, response.Error);
            }
            else if (!string.IsNullOrEmpty(response.Url))
            {
                writer.WriteString(UrlName, response.Url);
                if (response.AccessToken is not null)
                {
                    writer.WriteString(AccessTokenName, response.AccessToken);
                }
            }
            else
            {
                WriteConnectionDescription(response, writer);
            }

            writer.WriteEndObject();
            writer.Flush();
        }
        finally
        {
            Utf8JsonWriterCache.Return(writer);
        }
    }

    /// <summary>
    /// Client side: reads a negotiate response body. Unknown properties are ignored. The result is one of the three
    /// forms: <see cref="NegotiationResponse.Error"/> set, <see cref="NegotiationResponse.Url"/> set, or a connection
    /// description with <see cref="NegotiationResponse.ConnectionId"/> (and, from version 1,
    /// <see cref="NegotiationResponse.ConnectionToken"/>).
    /// </summary>
    /// <exception cref="HubProtocolException">The body is not valid JSON, is a response of the old ASP.NET SignalR,
    /// or lacks the properties its form requires.</exception>
    public static NegotiationResponse ParseResponse(ReadOnlySpan<byte> content)
    {
        Utf8Validation.ThrowIfInvalid(content, "The negotiate response");
        var reader = new Utf8JsonReader(content, ReaderOptions);
        try
        {
            var response = ReadResponse(ref reader);
            Validate(response);
            return response;
        }
        catch (JsonException ex)
        {
            throw new HubProtocolException($"The negotiate response is not valid JSON: {ex.Message}", ex);
        }
    }

    private static void WriteConnectionDescription(NegotiationResponse response, Utf8JsonWriter writer)
    {
        if (response.UseStatefulReconnect)
        {
            writer.WriteBoolean(UseStatefulReconnectName, true);
        }

        writer.WriteNumber(NegotiateVersionName, response.Version);
        if (!string.IsNullOrEmpty(response.ConnectionId))
        {
            writer.WriteString(ConnectionIdName, response.ConnectionId);
        }

        // Version 0 clients use the connection id as the request id; they must never see the token.
        if (response.Version > 0 && !string.IsNullOrEmpty(response.ConnectionToken))
        {
            writer.WriteString(ConnectionTokenName, response.ConnectionToken);
        }

        writer.WriteStartArray(AvailableTransportsName);
        foreach (var transport in response.AvailableTransports ?? [])
        {
            writer.WriteStartObject();
            writer.WriteString(TransportName, transport.Transport);
            writer.WriteStartArray(TransferFormatsName);
            foreach (var format in transport.TransferFormats)
            {
                writer.WriteStringValue(format);
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
        }

        writer.WriteEndArray();

        // Our extension, after everything stock clients read: they skip unknown properties.
        if (response.Extensions is { Count: > 0 } extensions)
        {
            writer.WriteStartArray(ExtensionsName);
            foreach (var extension in extensions)
            {
                writer.WriteStringValue(extension);
            }

            writer.WriteEndArray();
        }
    }

    private static NegotiationResponse ReadResponse(ref Utf8JsonReader reader)
    {
        Expect(ref reader, JsonTokenType.StartObject, "The negotiate response");
        var response = new NegotiationResponse { AvailableTransports = [] };
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("connectionId"u8))
            {
                response.ConnectionId = ReadString(ref reader, "connectionId");
            }
            else if (reader.ValueTextEquals("connectionToken"u8))
            {
                response.ConnectionToken = ReadString(ref reader, "connectionToken");
            }
            else if (reader.ValueTextEquals("negotiateVersion"u8))
            {
                reader.Read();
                response.Version = reader.TokenType == JsonTokenType.Number && reader.TryGetInt32(out var version)
                    ? version
                    : throw new HubProtocolException("Expected 'negotiateVersion' in the negotiate response to be an integer.");
            }
            else if (reader.ValueTextEquals("availableTransports"u8))
            {
                response.AvailableTransports = ReadTransports(ref reader);
            }
            else if (reader.ValueTextEquals("url"u8))
            {
                response.Url = ReadString(ref reader, "url");
            }
            else if (reader.ValueTextEquals("accessToken"u8))
            {
                response.AccessToken = ReadString(ref reader, "accessToken");
            }
            else if (reader.ValueTextEquals("error"u8))
            {
                response.Error = ReadString(ref reader, "error");
            }
            else if (reader.ValueTextEquals("useStatefulReconnect"u8))
            {
                reader.Read();
                response.UseStatefulReconnect = reader.TokenType switch
                {
                    JsonTokenType.True => true,
                    JsonTokenType.False or JsonTokenType.Null => false,
                    _ => throw new HubProtocolException("Expected 'useStatefulReconnect' in the negotiate response to be a boolean."),
                };
            }
            else if (reader.ValueTextEquals("hubExtensions"u8))
            {
                response.Extensions = ReadExtensions(ref reader);
            }
            else if (reader.ValueTextEquals("ProtocolVersion"u8))
            {
                // The negotiate response of the old ASP.NET (not Core) SignalR: a different protocol altogether.
                throw new HubProtocolException(
                    "Detected a connection attempt to an ASP.NET SignalR server. This client only supports ASP.NET Core SignalR servers.");
            }
            else
            {
                reader.Read();
                reader.Skip();
            }
        }

        if (reader.Read())
        {
            throw new HubProtocolException($"Unexpected JSON token {reader.TokenType} after the negotiate response.");
        }

        return response;
    }

    private static List<AvailableTransport> ReadTransports(ref Utf8JsonReader reader)
    {
        var transports = new List<AvailableTransport>(3);
        reader.Read();
        if (reader.TokenType == JsonTokenType.Null)
        {
            return transports;
        }

        if (reader.TokenType != JsonTokenType.StartArray)
        {
            throw new HubProtocolException("Expected 'availableTransports' in the negotiate response to be an array.");
        }

        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            if (reader.TokenType != JsonTokenType.StartObject)
            {
                throw new HubProtocolException("Expected every entry of 'availableTransports' to be an object.");
            }

            string? transport = null;
            var formats = new List<string>(2);
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                if (reader.ValueTextEquals("transport"u8))
                {
                    transport = ReadString(ref reader, "transport");
                }
                else if (reader.ValueTextEquals("transferFormats"u8))
                {
                    Expect(ref reader, JsonTokenType.StartArray, "'transferFormats'");
                    while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                    {
                        formats.Add(reader.TokenType == JsonTokenType.String
                            ? reader.GetString()!
                            : throw new HubProtocolException("Expected every transfer format to be a string."));
                    }
                }
                else
                {
                    reader.Read();
                    reader.Skip();
                }
            }

            if (string.IsNullOrEmpty(transport))
            {
                throw new HubProtocolException("An entry of 'availableTransports' is missing the required property 'transport'.");
            }

            transports.Add(new AvailableTransport(transport, formats));
        }

        return transports;
    }

    private static void Validate(NegotiationResponse response)
    {
        if (response.Error is not null || response.Url is not null)
        {
            return;
        }

        if (string.IsNullOrEmpty(response.ConnectionId))
        {
            throw new HubProtocolException("The negotiate response is missing the required property 'connectionId'.");
        }

        if (response.Version > 0 && string.IsNullOrEmpty(response.ConnectionToken))
        {
            throw new HubProtocolException("The negotiate response is missing the required property 'connectionToken' (negotiate version 1 and later).");
        }
    }

    private static void Expect(ref Utf8JsonReader reader, JsonTokenType expected, string what)
    {
        reader.Read();
        if (reader.TokenType != expected)
        {
            throw new HubProtocolException($"{what} must be a JSON {(expected == JsonTokenType.StartObject ? "object" : "array")}, not {reader.TokenType}.");
        }
    }

    private static string? ReadString(ref Utf8JsonReader reader, string propertyName)
    {
        reader.Read();
        return reader.TokenType switch
        {
            JsonTokenType.String => reader.GetString(),
            JsonTokenType.Null => null,
            _ => throw new HubProtocolException($"Expected '{propertyName}' in the negotiate response to be a string."),
        };
    }

    private static List<string> ReadExtensions(ref Utf8JsonReader reader)
    {
        reader.Read();
        if (reader.TokenType != JsonTokenType.StartArray)
        {
            throw new HubProtocolException("Expected 'hubExtensions' in the negotiate response to be an array of strings.");
        }

        var extensions = new List<string>(1);
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            extensions.Add(reader.TokenType == JsonTokenType.String
                ? reader.GetString()!
                : throw new HubProtocolException("Expected 'hubExtensions' in the negotiate response to be an array of strings."));
        }

        return extensions;
    }
}
