using System.Runtime.ExceptionServices;

namespace HubFramework.Protocol;

/// <summary>Produced by a protocol (never written) when a stream item could not be bound to the stream's item type.</summary>
public sealed class StreamBindingFailureMessage : HubMessage
{
    /// <summary>Creates the message.</summary>
    public StreamBindingFailureMessage(string id, ExceptionDispatchInfo bindingFailure)
    {
        Id = id;
        BindingFailure = bindingFailure;
    }

    /// <summary>The stream id.</summary>
    public string Id { get; }

    /// <summary>Why binding failed.</summary>
    public ExceptionDispatchInfo BindingFailure { get; }
}
