using MessagePack;

namespace HubFramework.Protocol.MessagePack;

/// <summary>
/// Writes one unframed message of the MessagePack hub protocol in the array layouts of HubProtocol.md, element for
/// element as Microsoft's <c>MessagePackHubProtocol</c> writes them, so both produce the same bytes for a message.
/// </summary>
internal static class MessagePackHubMessageWriter
{
    private const int ErrorResult = 1;
    private const int VoidResult = 2;
    private const int NonVoidResult = 3;

    public static void Write(ref MessagePackWriter writer, HubMessage message, MessagePackSerializerOptions options)
    {
        switch (message)
        {
            case InvocationMessage invocation:
                WriteInvocation(ref writer, HubMessageType.Invocation, invocation, options);
                break;
            case StreamInvocationMessage invocation:
                WriteInvocation(ref writer, HubMessageType.StreamInvocation, invocation, options);
                break;
            case StreamItemMessage item:
                writer.WriteArrayHeader(4);
                writer.Write(HubMessageType.StreamItem);
                WriteHeaders(ref writer, item.Headers);
                writer.Write(item.InvocationId);
                WriteValue(ref writer, item.Item, options);
                break;
            case CompletionMessage completion:
                WriteCompletion(ref writer, completion, options);
                break;
            case CancelInvocationMessage cancel:
                writer.WriteArrayHeader(3);
                writer.Write(HubMessageType.CancelInvocation);
                WriteHeaders(ref writer, cancel.Headers);
                writer.Write(cancel.InvocationId);
                break;
            case PingMessage:
                // "The Ping message is always exactly encoded as 0x91 0x06."
                writer.WriteArrayHeader(1);
                writer.Write(HubMessageType.Ping);
                break;
            case CloseMessage close:
                // Three elements always (AllowReconnect included even when false), as Microsoft writes it.
                writer.WriteArrayHeader(3);
                writer.Write(HubMessageType.Close);
                WriteOptionalString(ref writer, close.Error);
                writer.Write(close.AllowReconnect);
                break;
            case AckMessage ack:
                writer.WriteArrayHeader(2);
                writer.Write(HubMessageType.Ack);
                writer.Write(ack.SequenceId);
                break;
            case SequenceMessage sequence:
                writer.WriteArrayHeader(2);
                writer.Write(HubMessageType.Sequence);
                writer.Write(sequence.SequenceId);
                break;
            default:
                throw new ArgumentException($"{message.GetType().Name} is not a message of the wire protocol and cannot be written.", nameof(message));
        }
    }

    /// <summary>
    /// A value as its runtime type (what the receiver binds it to is its own business); null as nil. The package
    /// caches one serializer delegate per type, so this neither boxes again nor allocates.
    /// </summary>
    public static void WriteValue(ref MessagePackWriter writer, object? value, MessagePackSerializerOptions options)
    {
        if (value is null)
        {
            writer.WriteNil();
            return;
        }

        MessagePackSerializer.Serialize(value.GetType(), ref writer, value, options);
    }

    private static void WriteInvocation(ref MessagePackWriter writer, int type, HubMethodInvocationMessage invocation, MessagePackSerializerOptions options)
    {
        // Six elements always, an empty stream-id array when there are none: the layout of the spec's examples.
        writer.WriteArrayHeader(6);
        writer.Write(type);
        WriteHeaders(ref writer, invocation.Headers);
        WriteOptionalString(ref writer, invocation.InvocationId);
        writer.Write(invocation.Target);
        var arguments = invocation.Arguments;
        writer.WriteArrayHeader(arguments.Length);
        foreach (object? argument in arguments)
        {
            WriteValue(ref writer, argument, options);
        }

        var streamIds = invocation.StreamIds;
        if (streamIds is null)
        {
            writer.WriteArrayHeader(0);
            return;
        }

        writer.WriteArrayHeader(streamIds.Length);
        foreach (string id in streamIds)
        {
            writer.Write(id);
        }
    }

    private static void WriteCompletion(ref MessagePackWriter writer, CompletionMessage completion, MessagePackSerializerOptions options)
    {
        int kind = completion.Error is not null ? ErrorResult : completion.HasResult ? NonVoidResult : VoidResult;
        writer.WriteArrayHeader(kind == VoidResult ? 4 : 5);
        writer.Write(HubMessageType.Completion);
        WriteHeaders(ref writer, completion.Headers);
        writer.Write(completion.InvocationId);
        writer.Write(kind);
        if (kind == ErrorResult)
        {
            writer.Write(completion.Error);
        }
        else if (kind == NonVoidResult)
        {
            WriteValue(ref writer, completion.Result, options);
        }
    }

    private static void WriteOptionalString(ref MessagePackWriter writer, string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            writer.WriteNil();
        }
        else
        {
            writer.Write(value);
        }
    }

    private static void WriteHeaders(ref MessagePackWriter writer, IDictionary<string, string>? headers)
    {
        if (headers is null || headers.Count == 0)
        {
            writer.WriteMapHeader(0);
            return;
        }

        writer.WriteMapHeader(headers.Count);
        if (headers is Dictionary<string, string> dictionary)
        {
            // The struct enumerator: enumerating through the interface would box it on every message.
            foreach (var header in dictionary)
            {
                writer.Write(header.Key);
                writer.Write(header.Value);
            }

            return;
        }

        foreach (var header in headers)
        {
            writer.Write(header.Key);
            writer.Write(header.Value);
        }
    }
}
