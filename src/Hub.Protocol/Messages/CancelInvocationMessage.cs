namespace HubFramework.Protocol;

/// <summary>Type 5: the client cancels a streaming invocation.</summary>
public sealed class CancelInvocationMessage : HubInvocationMessage
{
    /// <summary>Creates the message.</summary>
    public CancelInvocationMessage(string invocationId)
        : base(invocationId)
    {
        ArgumentException.ThrowIfNullOrEmpty(invocationId);
    }
}
