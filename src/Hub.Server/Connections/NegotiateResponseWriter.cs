using System.Buffers;
using System.Text.Json;
using HubFramework.Protocol;

namespace HubFramework.Server.Connections;

/// <summary>Writes the negotiate response body (connection description, redirect or error) as JSON.</summary>
internal static class NegotiateResponseWriter
{
    public static void Write(NegotiationResponse response, IBufferWriter<byte> output)
    {
        using var writer = new Utf8JsonWriter(output);
        writer.WriteStartObject();
        if (response.Error is not null)
        {
            writer.WriteString("error"u8, response.Error);
        }
        else if (response.Url is not null)
        {
            writer.WriteString("url"u8, response.Url);
            if (response.AccessToken is not null)
            {
                writer.WriteString("accessToken"u8, response.AccessToken);
            }
        }
        else
        {
            if (response.ConnectionToken is not null)
            {
                writer.WriteString("connectionToken"u8, response.ConnectionToken);
            }

            writer.WriteString("connectionId"u8, response.ConnectionId);
            writer.WriteNumber("negotiateVersion"u8, response.Version);
            writer.WriteStartArray("availableTransports"u8);
            foreach (var transport in response.AvailableTransports ?? [])
            {
                writer.WriteStartObject();
                writer.WriteString("transport"u8, transport.Transport);
                writer.WriteStartArray("transferFormats"u8);
                foreach (var format in transport.TransferFormats)
                {
                    writer.WriteStringValue(format);
                }

                writer.WriteEndArray();
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
            if (response.UseStatefulReconnect)
            {
                writer.WriteBoolean("useStatefulReconnect"u8, true);
            }
        }

        writer.WriteEndObject();
        writer.Flush();
    }
}
