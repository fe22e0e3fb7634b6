using HubFramework.Protocol;

namespace HubFramework.Client.Internal;

/// <summary>An invocation answered by exactly one Completion.</summary>
internal sealed class NonStreamingInvocation : InvocationRequest
{
    private readonly TaskCompletionSource<object?> _result = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public NonStreamingInvocation(string invocationId, Type resultType)
        : base(invocationId, resultType)
    {
    }

    public Task<object?> Result => _result.Task;

    public override void Complete(CompletionMessage completion)
    {
        if (completion.Error is not null)
        {
            _result.TrySetException(new HubException(completion.Error));
        }
        else
        {
            _result.TrySetResult(completion.HasResult ? completion.Result : null);
        }
    }

    public override void Fail(Exception exception)
    {
        if (exception is OperationCanceledException canceled)
        {
            _result.TrySetCanceled(canceled.CancellationToken);
        }
        else
        {
            _result.TrySetException(exception);
        }
    }

    public override bool TryWriteItem(object? item) => false;
}
