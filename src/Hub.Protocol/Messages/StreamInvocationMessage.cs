namespace HubFramework.Protocol;

/// <summary>Type 4: invoke a streaming method; answered by <see cref="StreamItemMessage"/>s and a final <see cref="CompletionMessage"/>.</summary>
public sealed class StreamInvocationMessage : HubMethodInvocationMessage
{
    /// <summary>Creates the message.</summary>
    public StreamInvocationMessage(string invocationId, string target, object?[] arguments, string[]? streamIds = null)
        : base(invocationId, target, arguments, streamIds)
    {
        ArgumentException.ThrowIfNullOrEmpty(invocationId);
    }

    /// <inheritdoc />
    public override string ToString() => $"StreamInvocation {{ InvocationId: {InvocationId}, Target: {Target}, Arguments: {Arguments.Length} }}";
}
