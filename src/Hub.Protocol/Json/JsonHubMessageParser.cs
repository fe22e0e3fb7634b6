using System.Buffers;
using System.Runtime.ExceptionServices;
using System.Text.Json;

namespace HubFramework.Protocol.Json;

/// <summary>
/// Reads one JSON hub message (a record without its separator). Properties may come in any order, so a value
/// whose target type is not known yet (arguments before <c>target</c>, an item or result before
/// <c>invocationId</c>) is skipped and a copy of the reader positioned at it is kept; the value is bound from
/// that copy once the whole object has been read. Nothing else is read twice.
/// </summary>
internal sealed class JsonHubMessageParser
{
    private readonly JsonSerializerOptions _payloadOptions;
    private readonly JsonReaderOptions _readerOptions;
    private readonly TargetNameCache _targetNames = new();

    public JsonHubMessageParser(JsonSerializerOptions payloadOptions, int maxDepth)
    {
        _payloadOptions = payloadOptions;
        _readerOptions = new JsonReaderOptions
        {
            MaxDepth = maxDepth,
            CommentHandling = JsonCommentHandling.Disallow,
            AllowTrailingCommas = false,
        };
    }

    /// <summary>Parses a record; returns null for a message type this implementation does not know (to be ignored).</summary>
    public HubMessage? Parse(in ReadOnlySequence<byte> record, IInvocationBinder binder)
    {
        Utf8Validation.ThrowIfInvalid(record, "The message");
        var span = ContiguousRecord.Get(record, out var rented);
        try
        {
            var reader = new Utf8JsonReader(span, _readerOptions);
            return ReadMessage(ref reader, binder);
        }
        catch (JsonException ex)
        {
            throw new HubProtocolException($"The message is not valid JSON: {ex.Message}", ex);
        }
        catch (InvalidOperationException ex)
        {
            // The reader's answer to a string escape that is not valid UTF-16 (a lone surrogate such as \udddd).
            throw new HubProtocolException($"The message is not valid JSON: {ex.Message}", ex);
        }
        finally
        {
            ContiguousRecord.Return(rented);
        }
    }

    private HubMessage? ReadMessage(ref Utf8JsonReader reader, IInvocationBinder binder)
    {
        // The reader itself rejects an empty record.
        if (ReadValue(ref reader) != JsonTokenType.StartObject)
        {
            throw new HubProtocolException($"Unexpected JSON token {reader.TokenType}: a message must be a JSON object.");
        }

        var fields = new MessageFields();
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            ReadProperty(ref reader, binder, ref fields);
        }

        if (reader.Read())
        {
            throw new HubProtocolException($"Unexpected JSON token {reader.TokenType} after the message object.");
        }

        BindPendingValues(binder, ref fields);
        return fields.Type switch
        {
            null => throw new HubProtocolException("Missing required property 'type'."),
            HubMessageType.Invocation => CreateInvocation(ref fields),
            HubMessageType.StreamInvocation => CreateStreamInvocation(ref fields),
            HubMessageType.StreamItem => CreateStreamItem(ref fields),
            HubMessageType.Completion => CreateCompletion(ref fields),
            HubMessageType.CancelInvocation => WithHeaders(new CancelInvocationMessage(RequireId(fields.InvocationId, "CancelInvocation")), fields.Headers),
            HubMessageType.Ping => PingMessage.Instance,
            HubMessageType.Close => new CloseMessage(fields.Error, fields.AllowReconnect),
            HubMessageType.Ack => new AckMessage(RequireSequenceId(ref fields)),
            HubMessageType.Sequence => new SequenceMessage(RequireSequenceId(ref fields)),
            // Later versions of the protocol may add message types; the spec's clients ignore them, so do we.
            _ => null,
        };
    }

    private void ReadProperty(ref Utf8JsonReader reader, IInvocationBinder binder, ref MessageFields fields)
    {
        if (reader.ValueTextEquals("type"u8))
        {
            ReadValue(ref reader);
            if (reader.TokenType != JsonTokenType.Number || !reader.TryGetInt32(out var type))
            {
                throw new HubProtocolException("Expected 'type' to be an integer.");
            }

            fields.Type = type;
        }
        else if (reader.ValueTextEquals("invocationId"u8))
        {
            // Values already bound with the first id must not be attributed to a second one.
            ThrowIfDuplicate(fields.InvocationId, "invocationId");
            fields.InvocationId = ReadOptionalString(ref reader, "invocationId");
        }
        else if (reader.ValueTextEquals("target"u8))
        {
            ThrowIfDuplicate(fields.Target, "target");
            fields.Target = ReadValue(ref reader) switch
            {
                JsonTokenType.String => _targetNames.Read(ref reader),
                JsonTokenType.Null => null,
                var other => throw new HubProtocolException($"Expected 'target' to be a string, not {other}."),
            };
        }
        else if (reader.ValueTextEquals("arguments"u8))
        {
            ReadValue(ref reader);
            if (reader.TokenType != JsonTokenType.StartArray)
            {
                throw new HubProtocolException($"Expected 'arguments' to be an array, not {reader.TokenType}.");
            }

            fields.HasArguments = true;
            if (fields.Target is not null)
            {
                BindArguments(ref reader, binder, fields.Target, ref fields);
            }
            else
            {
                fields.ArgumentsStart = reader;
                fields.ArgumentsPending = true;
                reader.Skip();
            }
        }
        else if (reader.ValueTextEquals("item"u8))
        {
            ReadValue(ref reader);
            fields.HasItem = true;
            if (fields.InvocationId is not null)
            {
                BindItem(ref reader, binder, fields.InvocationId, ref fields);
            }
            else
            {
                fields.ItemStart = reader;
                fields.ItemPending = true;
                reader.Skip();
            }
        }
        else if (reader.ValueTextEquals("result"u8))
        {
            ReadValue(ref reader);
            fields.HasResult = true;
            if (fields.InvocationId is not null)
            {
                BindResult(ref reader, binder, fields.InvocationId, ref fields);
            }
            else
            {
                fields.ResultStart = reader;
                fields.ResultPending = true;
                reader.Skip();
            }
        }
        else if (reader.ValueTextEquals("error"u8))
        {
            fields.Error = ReadOptionalString(ref reader, "error");
        }
        else if (reader.ValueTextEquals("headers"u8))
        {
            fields.Headers = ReadHeaders(ref reader);
        }
        else if (reader.ValueTextEquals("streamIds"u8))
        {
            fields.StreamIds = ReadStreamIds(ref reader);
        }
        else if (reader.ValueTextEquals("allowReconnect"u8))
        {
            ReadValue(ref reader);
            fields.AllowReconnect = reader.TokenType switch
            {
                JsonTokenType.True => true,
                JsonTokenType.False or JsonTokenType.Null => false,
                _ => throw new HubProtocolException("Expected 'allowReconnect' to be a boolean."),
            };
        }
        else if (reader.ValueTextEquals("sequenceId"u8))
        {
            ReadValue(ref reader);
            if (reader.TokenType != JsonTokenType.Number || !reader.TryGetInt64(out var sequenceId))
            {
                throw new HubProtocolException("Expected 'sequenceId' to be an integer.");
            }

            fields.SequenceId = sequenceId;
        }
        else
        {
            // Unknown properties are ignored so that newer peers can add some.
            ReadValue(ref reader);
            reader.Skip();
        }
    }

    private void BindPendingValues(IInvocationBinder binder, ref MessageFields fields)
    {
        if (fields.ArgumentsPending && fields.Target is not null && fields.Type is HubMessageType.Invocation or HubMessageType.StreamInvocation)
        {
            var reader = fields.ArgumentsStart;
            BindArguments(ref reader, binder, fields.Target, ref fields);
        }

        if (fields.ItemPending && fields.InvocationId is not null && fields.Type == HubMessageType.StreamItem)
        {
            var reader = fields.ItemStart;
            BindItem(ref reader, binder, fields.InvocationId, ref fields);
        }

        if (fields.ResultPending && fields.InvocationId is not null && fields.Type == HubMessageType.Completion && fields.Error is null)
        {
            var reader = fields.ResultStart;
            BindResult(ref reader, binder, fields.InvocationId, ref fields);
        }
    }

    /// <summary>Binds the array at the reader; on any binding problem records it and leaves the reader after the array.</summary>
    private void BindArguments(ref Utf8JsonReader reader, IInvocationBinder binder, string target, ref MessageFields fields)
    {
        var start = reader;
        IReadOnlyList<Type>? parameterTypes = null;
        try
        {
            parameterTypes = binder.GetParameterTypes(target);
            fields.Arguments = ReadArguments(ref reader, parameterTypes);
            fields.ArgumentBindingFailure = null;
        }
        catch (Exception ex) when (ex is not HubProtocolException)
        {
            // Re-read from the array's start: this checks the JSON itself (a syntax error is a protocol error)
            // and counts the arguments for a clearer message.
            reader = start;
            var count = SkipArray(ref reader);
            fields.Arguments = null;
            fields.ArgumentBindingFailure = parameterTypes is not null && count != parameterTypes.Count
                ? ExceptionDispatchInfo.Capture(new InvalidDataException(
                    $"Invocation provides {count} argument(s) but target expects {parameterTypes.Count}."))
                : ExceptionDispatchInfo.Capture(ex);
        }

        fields.ArgumentsPending = false;
    }

    private object?[] ReadArguments(ref Utf8JsonReader reader, IReadOnlyList<Type> parameterTypes)
    {
        var arguments = parameterTypes.Count == 0 ? [] : new object?[parameterTypes.Count];
        var index = 0;
        while (ReadValue(ref reader) != JsonTokenType.EndArray)
        {
            if (index == parameterTypes.Count)
            {
                throw new InvalidDataException("Too many arguments.");
            }

            arguments[index] = JsonSerializer.Deserialize(ref reader, parameterTypes[index], _payloadOptions);
            index++;
        }

        if (index != parameterTypes.Count)
        {
            throw new InvalidDataException("Too few arguments.");
        }

        return arguments;
    }

    private void BindItem(ref Utf8JsonReader reader, IInvocationBinder binder, string streamId, ref MessageFields fields)
    {
        var start = reader;
        try
        {
            fields.Item = JsonSerializer.Deserialize(ref reader, binder.GetStreamItemType(streamId), _payloadOptions);
            fields.ItemBindingFailure = null;
        }
        catch (Exception ex) when (ex is not HubProtocolException)
        {
            reader = start;
            reader.Skip();
            fields.ItemBindingFailure = ExceptionDispatchInfo.Capture(ex);
        }

        fields.ItemPending = false;
    }

    private void BindResult(ref Utf8JsonReader reader, IInvocationBinder binder, string invocationId, ref MessageFields fields)
    {
        var start = reader;
        Type? resultType = null;
        try
        {
            resultType = binder.GetReturnType(invocationId);
            fields.Result = JsonSerializer.Deserialize(ref reader, resultType, _payloadOptions);
            fields.ResultBindingError = null;
        }
        catch (Exception ex) when (ex is not HubProtocolException)
        {
            reader = start;
            reader.Skip();
            fields.ResultBindingError = resultType is null
                ? $"Error binding the result of invocation '{invocationId}'. {ex.Message}"
                : $"Error trying to deserialize result to {resultType.Name}. {ex.Message}";
        }

        fields.ResultPending = false;
    }

    private static HubMessage CreateInvocation(ref MessageFields fields)
    {
        var target = RequireTarget(ref fields, "Invocation");
        if (fields.ArgumentBindingFailure is { } failure)
        {
            return WithHeaders(new InvocationBindingFailureMessage(fields.InvocationId, target, failure), fields.Headers);
        }

        return WithHeaders(new InvocationMessage(fields.InvocationId, target, fields.Arguments!, fields.StreamIds), fields.Headers);
    }

    private static HubMessage CreateStreamInvocation(ref MessageFields fields)
    {
        var invocationId = RequireId(fields.InvocationId, "StreamInvocation");
        var target = RequireTarget(ref fields, "StreamInvocation");
        if (fields.ArgumentBindingFailure is { } failure)
        {
            return WithHeaders(new InvocationBindingFailureMessage(invocationId, target, failure), fields.Headers);
        }

        return WithHeaders(new StreamInvocationMessage(invocationId, target, fields.Arguments!, fields.StreamIds), fields.Headers);
    }

    private static HubMessage CreateStreamItem(ref MessageFields fields)
    {
        var invocationId = RequireId(fields.InvocationId, "StreamItem");
        if (!fields.HasItem)
        {
            throw new HubProtocolException("The StreamItem message is missing the required property 'item'.");
        }

        if (fields.ItemBindingFailure is { } failure)
        {
            return new StreamBindingFailureMessage(invocationId, failure);
        }

        return WithHeaders(new StreamItemMessage(invocationId, fields.Item), fields.Headers);
    }

    private static HubMessage CreateCompletion(ref MessageFields fields)
    {
        var invocationId = RequireId(fields.InvocationId, "Completion");
        if (fields.Error is not null && fields.HasResult)
        {
            throw new HubProtocolException("The 'error' and 'result' properties are mutually exclusive.");
        }

        var message = fields.ResultBindingError is { } bindingError
            ? CompletionMessage.WithError(invocationId, bindingError)
            : new CompletionMessage(invocationId, fields.Error, fields.Result, fields.HasResult);
        return WithHeaders(message, fields.Headers);
    }

    private static string RequireTarget(ref MessageFields fields, string messageName)
    {
        if (string.IsNullOrEmpty(fields.Target))
        {
            throw new HubProtocolException($"The {messageName} message is missing the required property 'target'.");
        }

        if (!fields.HasArguments)
        {
            throw new HubProtocolException($"The {messageName} message is missing the required property 'arguments'.");
        }

        return fields.Target;
    }

    private static string RequireId(string? invocationId, string messageName) =>
        string.IsNullOrEmpty(invocationId)
            ? throw new HubProtocolException($"The {messageName} message is missing the required property 'invocationId'.")
            : invocationId;

    private static long RequireSequenceId(ref MessageFields fields) =>
        fields.SequenceId ?? throw new HubProtocolException($"The {(fields.Type == HubMessageType.Ack ? "Ack" : "Sequence")} message is missing the required property 'sequenceId'.");

    private static T WithHeaders<T>(T message, Dictionary<string, string>? headers)
        where T : HubInvocationMessage
    {
        message.Headers = headers;
        return message;
    }

    private static void ThrowIfDuplicate(string? current, string propertyName)
    {
        if (current is not null)
        {
            throw new HubProtocolException($"Duplicate property '{propertyName}'.");
        }
    }

    private static JsonTokenType ReadValue(ref Utf8JsonReader reader)
    {
        if (!reader.Read())
        {
            throw new HubProtocolException("The message ends unexpectedly.");
        }

        return reader.TokenType;
    }

    private static string? ReadOptionalString(ref Utf8JsonReader reader, string propertyName) =>
        ReadValue(ref reader) switch
        {
            JsonTokenType.String => reader.GetString(),
            JsonTokenType.Null => null,
            var other => throw new HubProtocolException($"Expected '{propertyName}' to be a string, not {other}."),
        };

    private static Dictionary<string, string>? ReadHeaders(ref Utf8JsonReader reader)
    {
        var token = ReadValue(ref reader);
        if (token == JsonTokenType.Null)
        {
            return null;
        }

        if (token != JsonTokenType.StartObject)
        {
            throw new HubProtocolException($"Expected 'headers' to be an object, not {token}.");
        }

        var headers = new Dictionary<string, string>(StringComparer.Ordinal);
        while (ReadValue(ref reader) == JsonTokenType.PropertyName)
        {
            var name = reader.GetString()!;
            if (ReadValue(ref reader) != JsonTokenType.String)
            {
                throw new HubProtocolException($"Expected header '{name}' to be a string, not {reader.TokenType}.");
            }

            headers[name] = reader.GetString()!;
        }

        return headers;
    }

    private static string[]? ReadStreamIds(ref Utf8JsonReader reader)
    {
        var token = ReadValue(ref reader);
        if (token == JsonTokenType.Null)
        {
            return null;
        }

        if (token != JsonTokenType.StartArray)
        {
            throw new HubProtocolException($"Expected 'streamIds' to be an array, not {token}.");
        }

        var ids = new List<string>(1);
        while (ReadValue(ref reader) != JsonTokenType.EndArray)
        {
            if (reader.TokenType != JsonTokenType.String)
            {
                throw new HubProtocolException($"Expected every stream id to be a string, not {reader.TokenType}.");
            }

            ids.Add(reader.GetString()!);
        }

        return ids.ToArray();
    }

    /// <summary>Skips the array whose start the reader is on and returns how many elements it has.</summary>
    private static int SkipArray(ref Utf8JsonReader reader)
    {
        var count = 0;
        while (ReadValue(ref reader) != JsonTokenType.EndArray)
        {
            reader.Skip();
            count++;
        }

        return count;
    }

    /// <summary>Everything read from one message object so far.</summary>
    private ref struct MessageFields
    {
        public int? Type;
        public string? InvocationId;
        public string? Target;
        public string? Error;
        public bool AllowReconnect;
        public long? SequenceId;
        public Dictionary<string, string>? Headers;
        public string[]? StreamIds;

        public bool HasArguments;
        public bool ArgumentsPending;
        public Utf8JsonReader ArgumentsStart;
        public object?[]? Arguments;
        public ExceptionDispatchInfo? ArgumentBindingFailure;

        public bool HasItem;
        public bool ItemPending;
        public Utf8JsonReader ItemStart;
        public object? Item;
        public ExceptionDispatchInfo? ItemBindingFailure;

        public bool HasResult;
        public bool ResultPending;
        public Utf8JsonReader ResultStart;
        public object? Result;
        public string? ResultBindingError;
    }
}
