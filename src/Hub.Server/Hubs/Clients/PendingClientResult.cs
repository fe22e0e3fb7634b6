using HubFramework.Protocol;

namespace HubFramework.Server.Hubs;

/// <summary>A server-to-client invocation waiting for the client's Completion.</summary>
internal abstract class PendingClientResult(string connectionId, string invocationId)
{
    /// <summary>The connection asked.</summary>
    public string ConnectionId { get; } = connectionId;

    /// <summary>The invocation id sent to the client.</summary>
    public string InvocationId { get; } = invocationId;

    /// <summary>The type the client's result is bound to.</summary>
    public abstract Type ResultType { get; }

    /// <summary>Completes with the client's answer: its result, or its error as a <see cref="HubException"/>.</summary>
    public abstract void Complete(CompletionMessage completion);

    /// <summary>Fails the invocation (cancelled, or the connection ended).</summary>
    public abstract void Fail(Exception exception);
}

/// <summary>A pending client result of type <typeparamref name="T"/>.</summary>
internal sealed class PendingClientResult<T>(string connectionId, string invocationId) : PendingClientResult(connectionId, invocationId)
{
    private readonly TaskCompletionSource<T> _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public Task<T> Task => _completion.Task;

    public override Type ResultType => typeof(T);

    public override void Complete(CompletionMessage completion)
    {
        if (completion.Error is { } error)
        {
            _completion.TrySetException(new HubException(error));
        }
        else if (!completion.HasResult)
        {
            _completion.TrySetException(new HubException("Client didn't provide a result."));
        }
        else if (completion.Result is T result)
        {
            _completion.TrySetResult(result);
        }
        else if (completion.Result is null && default(T) is null)
        {
            _completion.TrySetResult(default!);
        }
        else
        {
            var actual = completion.Result?.GetType().Name ?? "null";
            _completion.TrySetException(new HubException($"The client's result ({actual}) could not be converted to {typeof(T).Name}."));
        }
    }

    public override void Fail(Exception exception) => _completion.TrySetException(exception);
}
