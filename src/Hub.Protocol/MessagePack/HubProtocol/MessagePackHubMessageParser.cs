using System.Buffers;
using System.Runtime.ExceptionServices;

namespace HubFramework.Protocol.MessagePack;

/// <summary>
/// Parses one unframed message of the MessagePack hub protocol (the array layouts of HubProtocol.md). Structural
/// problems throw <see cref="HubProtocolException"/> naming the message and field; arguments, items and results
/// that do not fit their target types become binding-failure messages (or an error completion) instead.
/// </summary>
internal static class MessagePackHubMessageParser
{
    private const int ErrorResult = 1;
    private const int VoidResult = 2;
    private const int NonVoidResult = 3;

    /// <summary>Parses the payload; null for a message type this version does not know (the spec lets receivers ignore those).</summary>
    public static HubMessage? Parse(ReadOnlySequence<byte> payload, IInvocationBinder binder, MessagePackSerializer serializer, int maximumDepth, Utf8StringCache targets)
    {
        if (payload.IsEmpty)
        {
            throw new HubProtocolException("A MessagePack hub message is empty (length prefix 0).");
        }

        var reader = new MessagePackReader(payload, maximumDepth);
        try
        {
            return ParseMessage(ref reader, binder, serializer, targets);
        }
        catch (MessagePackSerializationException ex)
        {
            throw new HubProtocolException($"Invalid MessagePack hub message: {ex.Message}", ex);
        }
    }

    private static HubMessage? ParseMessage(ref MessagePackReader reader, IInvocationBinder binder, MessagePackSerializer serializer, Utf8StringCache targets)
    {
        var status = reader.TryReadArrayHeader(out int count);
        if (status != MessagePackReadStatus.Success)
        {
            throw Invalid(ref reader, "A MessagePack hub message must be an array", status);
        }

        if (count == 0)
        {
            throw new HubProtocolException("A MessagePack hub message is an empty array; its first element must be the message type.");
        }

        reader.IncrementDepth();
        status = reader.TryReadInt64(out long type);
        if (status is not (MessagePackReadStatus.Success or MessagePackReadStatus.Overflow))
        {
            throw Invalid(ref reader, "The message type (element 0) must be an integer", status);
        }

        if (status == MessagePackReadStatus.Overflow)
        {
            reader.Skip();
            return null;
        }

        HubMessage? message;
        int read;
        switch (type)
        {
            case HubMessageType.Invocation:
            case HubMessageType.StreamInvocation:
                message = ParseInvocation(ref reader, count, type == HubMessageType.StreamInvocation, binder, serializer, targets, out read);
                break;
            case HubMessageType.StreamItem:
                message = ParseStreamItem(ref reader, count, binder, serializer, out read);
                break;
            case HubMessageType.Completion:
                message = ParseCompletion(ref reader, count, binder, serializer, out read);
                break;
            case HubMessageType.CancelInvocation:
                RequireLength(count, 3, "CancelInvocation");
                var headers = ReadHeaders(ref reader, "CancelInvocation");
                message = new CancelInvocationMessage(ReadInvocationId(ref reader, "CancelInvocation")) { Headers = headers };
                read = 3;
                break;
            case HubMessageType.Ping:
                message = PingMessage.Instance;
                read = 1;
                break;
            case HubMessageType.Close:
                message = ParseClose(ref reader, count, out read);
                break;
            case HubMessageType.Ack:
                RequireLength(count, 2, "Ack");
                message = new AckMessage(ReadSequenceId(ref reader, "Ack"));
                read = 2;
                break;
            case HubMessageType.Sequence:
                RequireLength(count, 2, "Sequence");
                message = new SequenceMessage(ReadSequenceId(ref reader, "Sequence"));
                read = 2;
                break;
            default:
                // "Future protocol changes can add message types": receivers ignore the ones they do not know.
                return null;
        }

        if (read < 0)
        {
            // Binding stopped part-way through a value; the frame's length already delimits the message.
            return message;
        }

        // Later protocol versions may append elements: skip them, then nothing may follow the array.
        for (int i = read; i < count; i++)
        {
            reader.Skip();
        }

        if (!reader.End)
        {
            throw new HubProtocolException($"{reader.Remaining} unexpected bytes follow the message array.");
        }

        return message;
    }

    private static HubMessage ParseInvocation(ref MessagePackReader reader, int count, bool streaming, IInvocationBinder binder, MessagePackSerializer serializer, Utf8StringCache targets, out int read)
    {
        string name = streaming ? "StreamInvocation" : "Invocation";
        RequireLength(count, 5, name);
        var headers = ReadHeaders(ref reader, name);
        string? invocationId = ReadOptionalString(ref reader, name, "invocation id (element 2)");
        if (streaming && string.IsNullOrEmpty(invocationId))
        {
            throw new HubProtocolException("A StreamInvocation message needs an invocation id (element 2).");
        }

        string target = ReadTarget(ref reader, name, targets);

        var status = reader.TryReadArrayHeader(out int argumentCount);
        if (status != MessagePackReadStatus.Success)
        {
            throw Invalid(ref reader, $"The arguments (element 4) of {Article(name)} message must be an array", status);
        }

        read = 5;
        IReadOnlyList<Type> parameterTypes;
        try
        {
            parameterTypes = binder.GetParameterTypes(target);
        }
        catch (Exception ex)
        {
            read = -1;
            return BindingFailure(invocationId, target, headers, ex);
        }

        if (argumentCount != parameterTypes.Count)
        {
            read = -1;
            return BindingFailure(invocationId, target, headers,
                new InvalidDataException($"Invocation provides {argumentCount} argument(s) but target expects {parameterTypes.Count}."));
        }

        var arguments = argumentCount == 0 ? [] : new object?[argumentCount];
        reader.IncrementDepth();
        for (int i = 0; i < argumentCount; i++)
        {
            try
            {
                arguments[i] = serializer.Deserialize(ref reader, parameterTypes[i]);
            }
            catch (Exception ex) when (ex is not HubProtocolException)
            {
                read = -1;
                return BindingFailure(invocationId, target, headers, new InvalidDataException(
                    $"Error binding arguments. Make sure that the types of the provided values match the types of the hub method being invoked. Argument {i}: {ex.Message}", ex));
            }
        }

        reader.DecrementDepth();
        string[]? streamIds = null;
        if (count >= 6)
        {
            streamIds = ReadStreamIds(ref reader, name);
            read = 6;
        }

        HubMethodInvocationMessage message = streaming
            ? new StreamInvocationMessage(invocationId!, target, arguments, streamIds)
            : new InvocationMessage(invocationId, target, arguments, streamIds);
        message.Headers = headers;
        return message;
    }

    private static string ReadTarget(ref MessagePackReader reader, string name, Utf8StringCache targets)
    {
        string? target;
        if (reader.TryReadContiguousString(out var contiguous))
        {
            if (!targets.TryGet(contiguous, out target))
            {
                throw new HubProtocolException($"The target (element 3) of {Article(name)} message is not valid UTF-8.");
            }
        }
        else if (reader.TryReadStringBytes(out var utf8) == MessagePackReadStatus.Success)
        {
            bool valid = utf8.IsSingleSegment ? targets.TryGet(utf8.FirstSpan, out target) : MessagePackReader.TryDecodeUtf8(utf8, out target);
            if (!valid)
            {
                throw new HubProtocolException($"The target (element 3) of {Article(name)} message is not valid UTF-8.");
            }
        }
        else
        {
            // Not a string: let the general reader name what it is.
            target = ReadOptionalString(ref reader, name, "target (element 3)");
        }

        return target is { Length: > 0 }
            ? target
            : throw new HubProtocolException($"The target (element 3) of {Article(name)} message must be a non-empty string.");
    }

    private static HubMessage ParseStreamItem(ref MessagePackReader reader, int count, IInvocationBinder binder, MessagePackSerializer serializer, out int read)
    {
        RequireLength(count, 4, "StreamItem");
        var headers = ReadHeaders(ref reader, "StreamItem");
        string invocationId = ReadInvocationId(ref reader, "StreamItem");
        read = 4;
        object? item;
        try
        {
            item = serializer.Deserialize(ref reader, binder.GetStreamItemType(invocationId));
        }
        catch (Exception ex) when (ex is not HubProtocolException)
        {
            read = -1;
            return new StreamBindingFailureMessage(invocationId, ExceptionDispatchInfo.Capture(ex));
        }

        return new StreamItemMessage(invocationId, item) { Headers = headers };
    }

    private static HubMessage ParseCompletion(ref MessagePackReader reader, int count, IInvocationBinder binder, MessagePackSerializer serializer, out int read)
    {
        RequireLength(count, 4, "Completion");
        var headers = ReadHeaders(ref reader, "Completion");
        string invocationId = ReadInvocationId(ref reader, "Completion");
        var status = reader.TryReadInt64(out long kind);
        if (status != MessagePackReadStatus.Success)
        {
            throw Invalid(ref reader, "The result kind (element 3) of a Completion message must be an integer", status);
        }

        read = 4;
        switch (kind)
        {
            case VoidResult:
                return new CompletionMessage(invocationId, null, null, false) { Headers = headers };
            case ErrorResult:
                RequireLength(count, 5, "Completion with an error");
                read = 5;
                string error = ReadOptionalString(ref reader, "Completion", "error (element 4)") ?? string.Empty;
                return new CompletionMessage(invocationId, error, null, false) { Headers = headers };
            case NonVoidResult:
                RequireLength(count, 5, "Completion with a result");
                var completion = ReadResult(ref reader, invocationId, binder, serializer, headers, out bool bound);
                read = bound ? 5 : -1;
                return completion;
            default:
                throw new HubProtocolException($"The result kind (element 3) of a Completion message is {kind}; 1 (error), 2 (void) or 3 (result) expected.");
        }
    }

    private static CompletionMessage ReadResult(ref MessagePackReader reader, string invocationId, IInvocationBinder binder, MessagePackSerializer serializer, IDictionary<string, string>? headers, out bool bound)
    {
        bound = true;
        Type? resultType;
        try
        {
            resultType = binder.GetReturnType(invocationId);
        }
        catch (Exception)
        {
            // No invocation is waiting for this id: the receiver ignores the completion, so its result is not bound.
            resultType = null;
        }

        if (resultType is null)
        {
            reader.Skip();
            return new CompletionMessage(invocationId, null, null, true) { Headers = headers };
        }

        try
        {
            object? result = serializer.Deserialize(ref reader, resultType);
            return new CompletionMessage(invocationId, null, result, true) { Headers = headers };
        }
        catch (Exception ex) when (ex is not HubProtocolException)
        {
            bound = false;
            return new CompletionMessage(invocationId, $"Error trying to deserialize result to {resultType.Name}. {ex.Message}", null, false) { Headers = headers };
        }
    }

    private static CloseMessage ParseClose(ref MessagePackReader reader, int count, out int read)
    {
        RequireLength(count, 2, "Close");
        string? error = ReadOptionalString(ref reader, "Close", "error (element 1)");
        bool allowReconnect = false;
        read = 2;
        if (count >= 3)
        {
            read = 3;
            if (reader.TryReadNil() != MessagePackReadStatus.Success)
            {
                var status = reader.TryReadBoolean(out allowReconnect);
                if (status != MessagePackReadStatus.Success)
                {
                    throw Invalid(ref reader, "AllowReconnect (element 2) of a Close message must be a boolean", status);
                }
            }
        }

        return error is null && !allowReconnect ? CloseMessage.Empty : new CloseMessage(error, allowReconnect);
    }

    private static IDictionary<string, string>? ReadHeaders(ref MessagePackReader reader, string message)
    {
        if (reader.TryReadNil() == MessagePackReadStatus.Success)
        {
            return null;
        }

        var status = reader.TryReadMapHeader(out int count);
        if (status != MessagePackReadStatus.Success)
        {
            throw Invalid(ref reader, $"The headers (element 1) of {Article(message)} message must be a map", status);
        }

        if (count == 0)
        {
            return null;
        }

        var headers = new Dictionary<string, string>(count, StringComparer.Ordinal);
        for (int i = 0; i < count; i++)
        {
            string key = ReadOptionalString(ref reader, message, "header name") ?? throw new HubProtocolException($"A header name of {Article(message)} message is nil.");
            string value = ReadOptionalString(ref reader, message, "header value") ?? throw new HubProtocolException($"The header '{key}' of {Article(message)} message has a nil value.");
            headers[key] = value;
        }

        return headers;
    }

    private static string[]? ReadStreamIds(ref MessagePackReader reader, string message)
    {
        if (reader.TryReadNil() == MessagePackReadStatus.Success)
        {
            return null;
        }

        var status = reader.TryReadArrayHeader(out int count);
        if (status != MessagePackReadStatus.Success)
        {
            throw Invalid(ref reader, $"The stream ids (element 5) of {Article(message)} message must be an array", status);
        }

        if (count == 0)
        {
            return null;
        }

        var ids = new string[count];
        for (int i = 0; i < count; i++)
        {
            ids[i] = ReadOptionalString(ref reader, message, "stream id") ?? throw new HubProtocolException($"A stream id of {Article(message)} message is nil.");
        }

        return ids;
    }

    private static string ReadInvocationId(ref MessagePackReader reader, string message) =>
        ReadOptionalString(ref reader, message, "invocation id (element 2)") is { Length: > 0 } id
            ? id
            : throw new HubProtocolException($"The invocation id (element 2) of {Article(message)} message must be a non-empty string.");

    private static long ReadSequenceId(ref MessagePackReader reader, string message)
    {
        var status = reader.TryReadInt64(out long sequenceId);
        return status == MessagePackReadStatus.Success
            ? sequenceId
            : throw Invalid(ref reader, $"The sequence id (element 1) of {Article(message)} message must be an integer", status);
    }

    private static string? ReadOptionalString(ref MessagePackReader reader, string message, string field)
    {
        var status = reader.TryReadString(out string? value);
        if (status == MessagePackReadStatus.Success)
        {
            return value;
        }

        if (status == MessagePackReadStatus.InvalidData && reader.TryPeekType(out var type) == MessagePackReadStatus.Success && type == MessagePackType.String)
        {
            throw new HubProtocolException($"The {field} of {Article(message)} message is not valid UTF-8 (offset {reader.Consumed}).");
        }

        throw Invalid(ref reader, $"The {field} of {Article(message)} message must be a string or nil", status);
    }

    private static void RequireLength(int count, int minimum, string message)
    {
        if (count < minimum)
        {
            throw new HubProtocolException($"{Capitalized(Article(message))} message needs at least {minimum} elements but has {count}.");
        }
    }

    /// <summary>"an Invocation", "a StreamItem": error messages read as sentences.</summary>
    private static string Article(string message) => ("AEIOU".Contains(message[0]) ? "an " : "a ") + message;

    private static string Capitalized(string text) => char.ToUpperInvariant(text[0]) + text[1..];

    private static InvocationBindingFailureMessage BindingFailure(string? invocationId, string target, IDictionary<string, string>? headers, Exception ex) =>
        new(invocationId, target, ExceptionDispatchInfo.Capture(ex)) { Headers = headers };

    private static HubProtocolException Invalid(ref MessagePackReader reader, string problem, MessagePackReadStatus status) => status switch
    {
        MessagePackReadStatus.InsufficientData => new HubProtocolException($"{problem}; the message ends (or announces more than it holds) at offset {reader.Consumed}."),
        MessagePackReadStatus.InvalidData => new HubProtocolException($"{problem}; the bytes at offset {reader.Consumed} ({reader.DescribeNext()}) are invalid MessagePack (e.g. the unused byte 0xC1 or invalid UTF-8)."),
        MessagePackReadStatus.DepthExceeded => new HubProtocolException($"{problem}; nesting exceeds the limit of {reader.MaximumDepth}."),
        MessagePackReadStatus.Overflow => new HubProtocolException($"{problem}; the integer at offset {reader.Consumed} is out of range."),
        _ => new HubProtocolException($"{problem}, not {reader.DescribeNext()} (offset {reader.Consumed})."),
    };
}
