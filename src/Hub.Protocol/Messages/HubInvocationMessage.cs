namespace HubFramework.Protocol;

/// <summary>A message that belongs to an invocation: it may carry an invocation id and headers.</summary>
public abstract class HubInvocationMessage : HubMessage
{
    /// <summary>Creates the message.</summary>
    protected HubInvocationMessage(string? invocationId)
    {
        InvocationId = invocationId;
    }

    /// <summary>The invocation id; null for fire-and-forget invocations.</summary>
    public string? InvocationId { get; }

    /// <summary>Optional headers (string to string), sent only when non-empty.</summary>
    public IDictionary<string, string>? Headers { get; set; }
}
