using System.Text.Json;

namespace HubFramework.Protocol.Json;

/// <summary>Writes the JSON object of one hub message (without the record separator).</summary>
internal sealed class JsonHubMessageWriter
{
    private readonly JsonSerializerOptions _payloadOptions;

    public JsonHubMessageWriter(JsonSerializerOptions payloadOptions)
    {
        _payloadOptions = payloadOptions;
    }

    public void Write(HubMessage message, Utf8JsonWriter writer)
    {
        writer.WriteStartObject();
        switch (message)
        {
            case InvocationBindingFailureMessage or StreamBindingFailureMessage:
                throw new ArgumentException($"{message.GetType().Name} reports a parsing problem and is never written.", nameof(message));
            case InvocationMessage invocation:
                WriteMethodInvocation(HubMessageType.Invocation, invocation, writer);
                break;
            case StreamInvocationMessage streamInvocation:
                WriteMethodInvocation(HubMessageType.StreamInvocation, streamInvocation, writer);
                break;
            case StreamItemMessage streamItem:
                WriteInvocationStart(HubMessageType.StreamItem, streamItem, writer);
                writer.WritePropertyName(JsonHubPropertyNames.Item);
                WriteValue(streamItem.Item, writer);
                break;
            case CompletionMessage completion:
                WriteCompletion(completion, writer);
                break;
            case CancelInvocationMessage cancel:
                WriteInvocationStart(HubMessageType.CancelInvocation, cancel, writer);
                break;
            case PingMessage:
                writer.WriteNumber(JsonHubPropertyNames.Type, HubMessageType.Ping);
                break;
            case CloseMessage close:
                writer.WriteNumber(JsonHubPropertyNames.Type, HubMessageType.Close);
                if (close.Error is not null)
                {
                    writer.WriteString(JsonHubPropertyNames.Error, close.Error);
                }

                if (close.AllowReconnect)
                {
                    writer.WriteBoolean(JsonHubPropertyNames.AllowReconnect, true);
                }

                break;
            case AckMessage ack:
                writer.WriteNumber(JsonHubPropertyNames.Type, HubMessageType.Ack);
                writer.WriteNumber(JsonHubPropertyNames.SequenceId, ack.SequenceId);
                break;
            case SequenceMessage sequence:
                writer.WriteNumber(JsonHubPropertyNames.Type, HubMessageType.Sequence);
                writer.WriteNumber(JsonHubPropertyNames.SequenceId, sequence.SequenceId);
                break;
            default:
                throw new ArgumentException($"The JSON hub protocol cannot write a {message.GetType().Name}.", nameof(message));
        }

        writer.WriteEndObject();
    }

    private void WriteMethodInvocation(int type, HubMethodInvocationMessage message, Utf8JsonWriter writer)
    {
        WriteInvocationStart(type, message, writer);
        writer.WriteString(JsonHubPropertyNames.Target, message.Target);
        writer.WriteStartArray(JsonHubPropertyNames.Arguments);
        foreach (var argument in message.Arguments)
        {
            WriteValue(argument, writer);
        }

        writer.WriteEndArray();
        if (message.StreamIds is { Length: > 0 } streamIds)
        {
            writer.WriteStartArray(JsonHubPropertyNames.StreamIds);
            foreach (var streamId in streamIds)
            {
                writer.WriteStringValue(streamId);
            }

            writer.WriteEndArray();
        }
    }

    private void WriteCompletion(CompletionMessage completion, Utf8JsonWriter writer)
    {
        WriteInvocationStart(HubMessageType.Completion, completion, writer);
        if (completion.Error is not null)
        {
            writer.WriteString(JsonHubPropertyNames.Error, completion.Error);
        }
        else if (completion.HasResult)
        {
            writer.WritePropertyName(JsonHubPropertyNames.Result);
            WriteValue(completion.Result, writer);
        }
    }

    /// <summary>The common head: type, headers (when any), invocation id (when any).</summary>
    private static void WriteInvocationStart(int type, HubInvocationMessage message, Utf8JsonWriter writer)
    {
        writer.WriteNumber(JsonHubPropertyNames.Type, type);
        if (message.Headers is { Count: > 0 } headers)
        {
            writer.WriteStartObject(JsonHubPropertyNames.Headers);
            foreach (var header in headers)
            {
                writer.WriteString(header.Key, header.Value);
            }

            writer.WriteEndObject();
        }

        if (message.InvocationId is not null)
        {
            writer.WriteString(JsonHubPropertyNames.InvocationId, message.InvocationId);
        }
    }

    private void WriteValue(object? value, Utf8JsonWriter writer)
    {
        if (value is null)
        {
            writer.WriteNullValue();
            return;
        }

        JsonSerializer.Serialize(writer, value, value.GetType(), _payloadOptions);
    }
}
