namespace HubFramework.Protocol.MessagePack;

/// <summary>Writes one unframed message of the MessagePack hub protocol in the array layouts of HubProtocol.md.</summary>
internal static class MessagePackHubMessageWriter
{
    private const int ErrorResult = 1;
    private const int VoidResult = 2;
    private const int NonVoidResult = 3;

    public static void Write(ref MessagePackWriter writer, HubMessage message, MessagePackSerializer serializer)
    {
        // The message array is the first level of nesting, as the parser counts it.
        writer.IncrementDepth();
        switch (message)
        {
            case InvocationMessage invocation:
                WriteInvocation(ref writer, HubMessageType.Invocation, invocation, serializer);
                break;
            case StreamInvocationMessage invocation:
                WriteInvocation(ref writer, HubMessageType.StreamInvocation, invocation, serializer);
                break;
            case StreamItemMessage item:
                writer.WriteArrayHeader(4);
                writer.Write(HubMessageType.StreamItem);
                WriteHeaders(ref writer, item.Headers);
                writer.WriteString(item.InvocationId);
                serializer.Serialize(ref writer, item.Item);
                break;
            case CompletionMessage completion:
                WriteCompletion(ref writer, completion, serializer);
                break;
            case CancelInvocationMessage cancel:
                writer.WriteArrayHeader(3);
                writer.Write(HubMessageType.CancelInvocation);
                WriteHeaders(ref writer, cancel.Headers);
                writer.WriteString(cancel.InvocationId);
                break;
            case PingMessage:
                // "The Ping message is always exactly encoded as 0x91 0x06."
                writer.WriteArrayHeader(1);
                writer.Write(HubMessageType.Ping);
                break;
            case CloseMessage close:
                // AllowReconnect is appended only when true, as in the spec's examples.
                writer.WriteArrayHeader(close.AllowReconnect ? 3 : 2);
                writer.Write(HubMessageType.Close);
                writer.WriteString(string.IsNullOrEmpty(close.Error) ? null : close.Error);
                if (close.AllowReconnect)
                {
                    writer.Write(true);
                }

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

    private static void WriteInvocation(ref MessagePackWriter writer, int type, HubMethodInvocationMessage invocation, MessagePackSerializer serializer)
    {
        // Six elements always, an empty stream-id array when there are none: the layout of the spec's examples.
        writer.WriteArrayHeader(6);
        writer.Write(type);
        WriteHeaders(ref writer, invocation.Headers);
        writer.WriteString(string.IsNullOrEmpty(invocation.InvocationId) ? null : invocation.InvocationId);
        writer.WriteString(invocation.Target);
        var arguments = invocation.Arguments;
        writer.WriteArrayHeader(arguments.Length);
        writer.IncrementDepth();
        foreach (object? argument in arguments)
        {
            serializer.Serialize(ref writer, argument);
        }

        writer.DecrementDepth();
        var streamIds = invocation.StreamIds;
        if (streamIds is null)
        {
            writer.WriteArrayHeader(0);
            return;
        }

        writer.WriteArrayHeader(streamIds.Length);
        foreach (string id in streamIds)
        {
            writer.WriteString(id);
        }
    }

    private static void WriteCompletion(ref MessagePackWriter writer, CompletionMessage completion, MessagePackSerializer serializer)
    {
        int kind = completion.Error is not null ? ErrorResult : completion.HasResult ? NonVoidResult : VoidResult;
        writer.WriteArrayHeader(kind == VoidResult ? 4 : 5);
        writer.Write(HubMessageType.Completion);
        WriteHeaders(ref writer, completion.Headers);
        writer.WriteString(completion.InvocationId);
        writer.Write(kind);
        if (kind == ErrorResult)
        {
            writer.WriteString(completion.Error);
        }
        else if (kind == NonVoidResult)
        {
            serializer.Serialize(ref writer, completion.Result);
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
                writer.WriteString(header.Key);
                writer.WriteString(header.Value);
            }

            return;
        }

        foreach (var header in headers)
        {
            writer.WriteString(header.Key);
            writer.WriteString(header.Value);
        }
    }
}
