using System.Runtime.ExceptionServices;

namespace HubFramework.Protocol;

/// <summary>
/// Produced by a protocol (never written to the wire) when an invocation's arguments could not be bound
/// to the target's parameter types: the connection survives and the invocation fails with an error.
/// </summary>
public sealed class InvocationBindingFailureMessage : HubMethodInvocationMessage
{
    /// <summary>Creates the message.</summary>
    public InvocationBindingFailureMessage(string? invocationId, string target, ExceptionDispatchInfo bindingFailure)
        : base(invocationId, target, Array.Empty<object?>(), null)
    {
        BindingFailure = bindingFailure;
    }

    /// <summary>Why binding failed.</summary>
    public ExceptionDispatchInfo BindingFailure { get; }
}
