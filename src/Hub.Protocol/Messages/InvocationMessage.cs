namespace HubFramework.Protocol;

/// <summary>Type 1: invoke a method; with an invocation id a <see cref="CompletionMessage"/> answers it.</summary>
public sealed class InvocationMessage : HubMethodInvocationMessage
{
    /// <summary>Creates a non-blocking (fire-and-forget) invocation.</summary>
    public InvocationMessage(string target, object?[] arguments)
        : this(null, target, arguments, null)
    {
    }

    /// <summary>Creates an invocation.</summary>
    public InvocationMessage(string? invocationId, string target, object?[] arguments, string[]? streamIds = null)
        : base(invocationId, target, arguments, streamIds)
    {
    }

    /// <inheritdoc />
    public override string ToString() => $"Invocation {{ InvocationId: {InvocationId ?? "(null)"}, Target: {Target}, Arguments: {Arguments.Length} }}";
}
