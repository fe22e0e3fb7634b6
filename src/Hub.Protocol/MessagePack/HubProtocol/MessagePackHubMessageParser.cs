using System.Buffers;
using System.Runtime.ExceptionServices;
using MessagePack;

namespace HubFramework.Protocol.MessagePack;

/// <summary>
/// Parses one unframed message of the MessagePack hub protocol (the array layouts of HubProtocol.md) with the
/// package's <see cref="MessagePackReader"/>. Structural problems throw <see cref="HubProtocolException"/> naming the
/// message and field; arguments, items and results that do not fit their target types become binding-failure
/// messages (or an error completion) instead, as in Microsoft's protocol. A value that is truncated or nested
/// beyond <see cref="MessagePackSecurity.MaximumObjectGraphDepth"/> is a protocol error: it is broken or hostile
/// input, not a type mismatch.
/// </summary>
internal static class MessagePackHubMessageParser
{
    private const int ErrorResult = 1;
    private const int VoidResult = 2;
    private const int NonVoidResult = 3;
    private const byte EmptyMap = 0x80;
    private const byte EmptyArray = 0x90;

    /// <summary>Parses the payload; null for a message type this version does not know (the spec lets receivers ignore those).</summary>
    public static HubMessage? Parse(ReadOnlySequence<byte> payload, IInvocationBinder binder, MessagePackSerializerOptions options, Utf8StringCache targets)
    {
        if (payload.IsEmpty)
        {
            throw new HubProtocolException("A MessagePack hub message is empty (length prefix 0).");
        }

        var reader = new MessagePackReader(payload);
        try
        {
            return ParseMessage(ref reader, binder, options, targets);
        }
        catch (EndOfStreamException ex)
        {
            throw new HubProtocolException($"Invalid MessagePack hub message: it ends (or announces more than it holds) near offset {reader.Consumed}.", ex);
        }
        catch (MessagePackSerializationException ex)
        {
            throw new HubProtocolException($"Invalid MessagePack hub message near offset {reader.Consumed}: {ex.Message}", ex);
        }
        catch (ArgumentOutOfRangeException ex)
        {
            // The package's reader reports some lengths that run past the end of the buffer this way.
            throw new HubProtocolException($"Invalid MessagePack hub message: a length near offset {reader.Consumed} runs past its end.", ex);
        }
        catch (OverflowException ex)
        {
            throw new HubProtocolException($"Invalid MessagePack hub message: an integer near offset {reader.Consumed} is out of range.", ex);
        }
    }

    private static HubMessage? ParseMessage(ref MessagePackReader reader, IInvocationBinder binder, MessagePackSerializerOptions options, Utf8StringCache targets)
    {
        if (reader.NextMessagePackType != MessagePackType.Array)
        {
            throw Unexpected(ref reader, "A MessagePack hub message must be an array");
        }

        int count = reader.ReadArrayHeader();
        if (count == 0)
        {
            throw new HubProtocolException("A MessagePack hub message is an empty array; its first element must be the message type.");
        }

        if (reader.End || reader.NextMessagePackType != MessagePackType.Integer)
        {
            throw Unexpected(ref reader, "The message type (element 0) must be an integer");
        }

        if (reader.NextCode == MessagePackCode.UInt64 && reader.CreatePeekReader().ReadUInt64() > long.MaxValue)
        {
            // Not a type any version defines: skipped like every unknown type.
            return null;
        }

        long type = reader.ReadInt64();
        HubMessage? message;
        int read;
        switch (type)
        {
            case HubMessageType.Invocation:
            case HubMessageType.StreamInvocation:
                message = ParseInvocation(ref reader, count, type == HubMessageType.StreamInvocation, binder, options, targets, out read);
                break;
            case HubMessageType.StreamItem:
                message = ParseStreamItem(ref reader, count, binder, options, out read);
                break;
            case HubMessageType.Completion:
                message = ParseCompletion(ref reader, count, binder, options, out read);
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

        // Later protocol versions may append elements: skip them (depth-limited), then nothing may follow the array.
        for (int i = read; i < count; i++)
        {
            SkipValue(ref reader, options);
        }

        if (!reader.End)
        {
            throw new HubProtocolException($"{reader.Sequence.Length - reader.Consumed} unexpected bytes follow the message array.");
        }

        return message;
    }

    private static HubMessage ParseInvocation(ref MessagePackReader reader, int count, bool streaming, IInvocationBinder binder, MessagePackSerializerOptions options, Utf8StringCache targets, out int read)
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
        if (reader.End || reader.NextMessagePackType != MessagePackType.Array)
        {
            throw Unexpected(ref reader, $"The arguments (element 4) of {Article(name)} message must be an array");
        }

        int argumentCount = reader.ReadArrayHeader();
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
        for (int i = 0; i < argumentCount; i++)
        {
            try
            {
                arguments[i] = MessagePackSerializer.Deserialize(parameterTypes[i], ref reader, options);
            }
            catch (Exception ex) when (ex is not HubProtocolException)
            {
                ThrowIfMalformed(ex, $"Argument {i} of {Article(name)} message");
                read = -1;
                return BindingFailure(invocationId, target, headers, new InvalidDataException(
                    $"Error binding arguments. Make sure that the types of the provided values match the types of the hub method being invoked. Argument {i}: {Describe(ex)}", ex));
            }
        }

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
        if (!reader.End && reader.NextMessagePackType == MessagePackType.String && reader.TryReadStringSpan(out var contiguous))
        {
            if (!targets.TryGet(contiguous, out target))
            {
                throw new HubProtocolException($"The target (element 3) of {Article(name)} message is not valid UTF-8.");
            }
        }
        else
        {
            // Nil, not a string, or split across segments: the general path names what it is.
            target = ReadOptionalString(ref reader, name, "target (element 3)");
        }

        return target is { Length: > 0 }
            ? target
            : throw new HubProtocolException($"The target (element 3) of {Article(name)} message must be a non-empty string.");
    }

    private static HubMessage ParseStreamItem(ref MessagePackReader reader, int count, IInvocationBinder binder, MessagePackSerializerOptions options, out int read)
    {
        RequireLength(count, 4, "StreamItem");
        var headers = ReadHeaders(ref reader, "StreamItem");
        string invocationId = ReadInvocationId(ref reader, "StreamItem");
        read = 4;
        object? item;
        try
        {
            item = MessagePackSerializer.Deserialize(binder.GetStreamItemType(invocationId), ref reader, options);
        }
        catch (Exception ex) when (ex is not HubProtocolException)
        {
            ThrowIfMalformed(ex, "The item of a StreamItem message");
            read = -1;
            return new StreamBindingFailureMessage(invocationId, ExceptionDispatchInfo.Capture(ex));
        }

        return new StreamItemMessage(invocationId, item) { Headers = headers };
    }

    private static HubMessage ParseCompletion(ref MessagePackReader reader, int count, IInvocationBinder binder, MessagePackSerializerOptions options, out int read)
    {
        RequireLength(count, 4, "Completion");
        var headers = ReadHeaders(ref reader, "Completion");
        string invocationId = ReadInvocationId(ref reader, "Completion");
        if (reader.End || reader.NextMessagePackType != MessagePackType.Integer)
        {
            throw Unexpected(ref reader, "The result kind (element 3) of a Completion message must be an integer");
        }

        long kind = reader.NextCode == MessagePackCode.UInt64 ? -1 : reader.ReadInt64();
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
                var completion = ReadResult(ref reader, invocationId, binder, options, headers, out bool bound);
                read = bound ? 5 : -1;
                return completion;
            default:
                throw new HubProtocolException($"The result kind (element 3) of a Completion message is {(kind < 0 ? "out of range" : kind)}; 1 (error), 2 (void) or 3 (result) expected.");
        }
    }

    private static CompletionMessage ReadResult(ref MessagePackReader reader, string invocationId, IInvocationBinder binder, MessagePackSerializerOptions options, IDictionary<string, string>? headers, out bool bound)
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
            SkipValue(ref reader, options);
            return new CompletionMessage(invocationId, null, null, true) { Headers = headers };
        }

        try
        {
            object? result = MessagePackSerializer.Deserialize(resultType, ref reader, options);
            return new CompletionMessage(invocationId, null, result, true) { Headers = headers };
        }
        catch (Exception ex) when (ex is not HubProtocolException)
        {
            ThrowIfMalformed(ex, "The result of a Completion message");
            bound = false;
            return new CompletionMessage(invocationId, $"Error trying to deserialize result to {resultType.Name}. {Describe(ex)}", null, false) { Headers = headers };
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
            if (!reader.TryReadNil())
            {
                if (reader.End || reader.NextMessagePackType != MessagePackType.Boolean)
                {
                    throw Unexpected(ref reader, "AllowReconnect (element 2) of a Close message must be a boolean");
                }

                allowReconnect = reader.ReadBoolean();
            }
        }

        return error is null && !allowReconnect ? CloseMessage.Empty : new CloseMessage(error, allowReconnect);
    }

    private static IDictionary<string, string>? ReadHeaders(ref MessagePackReader reader, string message)
    {
        byte code = reader.NextCode;
        if (code == EmptyMap || code == MessagePackCode.Nil)
        {
            // Almost every message: no headers, one byte.
            reader.Skip();
            return null;
        }

        if (MessagePackCode.ToMessagePackType(code) != MessagePackType.Map)
        {
            throw Unexpected(ref reader, $"The headers (element 1) of {Article(message)} message must be a map");
        }

        int count = reader.ReadMapHeader();
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
        byte code = reader.NextCode;
        if (code == EmptyArray || code == MessagePackCode.Nil)
        {
            reader.Skip();
            return null;
        }

        if (reader.NextMessagePackType != MessagePackType.Array)
        {
            throw Unexpected(ref reader, $"The stream ids (element 5) of {Article(message)} message must be an array");
        }

        int count = reader.ReadArrayHeader();
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
        if (reader.End || reader.NextMessagePackType != MessagePackType.Integer)
        {
            throw Unexpected(ref reader, $"The sequence id (element 1) of {Article(message)} message must be an integer");
        }

        return reader.ReadInt64();
    }

    private static string? ReadOptionalString(ref MessagePackReader reader, string message, string field)
    {
        byte code = reader.NextCode;
        if (code == MessagePackCode.Nil)
        {
            reader.Skip();
            return null;
        }

        if (MessagePackCode.ToMessagePackType(code) != MessagePackType.String)
        {
            throw Unexpected(ref reader, $"The {field} of {Article(message)} message must be a string or nil");
        }

        long offset = reader.Consumed;
        var utf8 = reader.ReadStringSequence()!.Value;
        return Utf8StringCache.TryDecode(utf8, out string? value)
            ? value
            : throw new HubProtocolException($"The {field} of {Article(message)} message is not valid UTF-8 (offset {offset}).");
    }

    /// <summary>Skips one value, holding nested arrays and maps to the serializer options' depth limit.</summary>
    private static void SkipValue(ref MessagePackReader reader, MessagePackSerializerOptions options)
    {
        var type = reader.NextMessagePackType;
        if (type is not (MessagePackType.Array or MessagePackType.Map))
        {
            reader.Skip();
            return;
        }

        int count = type == MessagePackType.Array ? reader.ReadArrayHeader() : checked(reader.ReadMapHeader() * 2);
        int maximumDepth = options.Security.MaximumObjectGraphDepth;
        if (reader.Depth + 1 > maximumDepth)
        {
            throw DepthExceeded(maximumDepth);
        }

        reader.Depth++;
        for (int i = 0; i < count; i++)
        {
            SkipValue(ref reader, options);
        }

        reader.Depth--;
    }

    /// <summary>
    /// Truncation and excessive nesting inside a value are protocol errors (the connection ends); anything else is
    /// the value not fitting its type, which the caller turns into a binding failure.
    /// </summary>
    private static void ThrowIfMalformed(Exception ex, string what)
    {
        for (var inner = ex; inner is not null; inner = inner.InnerException)
        {
            switch (inner)
            {
                case EndOfStreamException or ArgumentOutOfRangeException:
                    throw new HubProtocolException($"{what} ends before its value does (the message is truncated).", ex);
                case InsufficientExecutionStackException:
                    throw new HubProtocolException($"{what} is nested deeper than the limit of the serializer options' MessagePackSecurity ({inner.Message})", ex);
            }
        }
    }

    /// <summary>The package wraps every failure in "Failed to deserialize T value."; the cause is the informative part.</summary>
    private static string Describe(Exception ex) =>
        ex is MessagePackSerializationException { InnerException: { } inner } ? $"{ex.Message} {inner.Message}" : ex.Message;

    private static HubProtocolException DepthExceeded(int maximumDepth) =>
        new($"A value of the message is nested deeper than the limit of {maximumDepth} (MessagePackSecurity.MaximumObjectGraphDepth).");

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

    private static HubProtocolException Unexpected(ref MessagePackReader reader, string problem)
    {
        if (reader.End)
        {
            return new HubProtocolException($"{problem}; the message ends (or announces more than it holds) at offset {reader.Consumed}.");
        }

        byte code = reader.NextCode;
        var type = reader.NextMessagePackType;
        return type == MessagePackType.Unknown
            ? new HubProtocolException($"{problem}; the byte 0x{code:X2} at offset {reader.Consumed} is not valid MessagePack (it is never used).")
            : new HubProtocolException($"{problem}, not {type} (offset {reader.Consumed}).");
    }
}
