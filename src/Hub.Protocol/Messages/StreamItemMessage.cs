namespace HubFramework.Protocol;

/// <summary>Type 2: one item of a stream (server-to-client for a stream invocation, client-to-server for a stream id).</summary>
public sealed class StreamItemMessage : HubInvocationMessage
{
    /// <summary>Creates the message.</summary>
    public StreamItemMessage(string invocationId, object? item)
        : base(invocationId)
    {
        Item = item;
    }

    /// <summary>The item.</summary>
    public object? Item { get; }

    /// <inheritdoc />
    public override string ToString() => $"StreamItem {{ InvocationId: {InvocationId} }}";
}
