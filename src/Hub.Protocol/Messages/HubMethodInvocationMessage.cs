namespace HubFramework.Protocol;

/// <summary>A call of a named method with arguments: <see cref="InvocationMessage"/> or <see cref="StreamInvocationMessage"/>.</summary>
public abstract class HubMethodInvocationMessage : HubInvocationMessage
{
    /// <summary>Creates the message.</summary>
    protected HubMethodInvocationMessage(string? invocationId, string target, object?[] arguments, string[]? streamIds)
        : base(invocationId)
    {
        ArgumentException.ThrowIfNullOrEmpty(target);
        ArgumentNullException.ThrowIfNull(arguments);
        Target = target;
        Arguments = arguments;
        StreamIds = streamIds;
    }

    /// <summary>The method name.</summary>
    public string Target { get; }

    /// <summary>The arguments, already bound to the target's parameter types (client streams excluded).</summary>
    public object?[] Arguments { get; }

    /// <summary>Ids of client-to-server streams that supply the streaming parameters, or null.</summary>
    public string[]? StreamIds { get; }
}
