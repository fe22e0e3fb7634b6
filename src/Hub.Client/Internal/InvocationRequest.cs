using HubFramework.Protocol;

namespace HubFramework.Client.Internal;

/// <summary>An invocation sent to the server that is waiting for its completion (and, for streams, its items).</summary>
internal abstract class InvocationRequest
{
    protected InvocationRequest(string invocationId, Type resultType)
    {
        InvocationId = invocationId;
        ResultType = resultType;
    }

    public string InvocationId { get; }

    /// <summary>The type results (or stream items) are bound to.</summary>
    public Type ResultType { get; }

    /// <summary>Ends the request with the server's completion (result, error or nothing).</summary>
    public abstract void Complete(CompletionMessage completion);

    /// <summary>Ends the request with an error (connection lost, cancellation, protocol violation).</summary>
    public abstract void Fail(Exception exception);

    /// <summary>Delivers one stream item; false when this request is not a stream.</summary>
    public abstract bool TryWriteItem(object? item);
}
