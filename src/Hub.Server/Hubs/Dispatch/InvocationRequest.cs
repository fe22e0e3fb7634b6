using HubFramework.Protocol;

namespace HubFramework.Server.Hubs.Dispatch;

/// <summary>One accepted invocation waiting for, or holding, an invocation slot of its connection.</summary>
internal sealed class InvocationRequest
{
    private Action? _releaseSlot;

    public InvocationRequest(
        HubConnectionContext connection,
        HubMethodInvocationMessage message,
        HubMethodDescriptor method,
        string[]? streamIds,
        ClientStream[]? streams,
        CancellationTokenSource? cancellation)
    {
        Connection = connection;
        Message = message;
        Method = method;
        StreamIds = streamIds;
        Streams = streams;
        Cancellation = cancellation;
    }

    public HubConnectionContext Connection { get; }

    public HubMethodInvocationMessage Message { get; }

    public HubMethodDescriptor Method { get; }

    /// <summary>The ids under which <see cref="Streams"/> are registered with the connection.</summary>
    public string[]? StreamIds { get; }

    /// <summary>The client-to-server streams feeding the method's streaming parameters, in parameter order.</summary>
    public ClientStream[]? Streams { get; }

    /// <summary>Cancelled by CancelInvocation or the end of the connection; null when the method cannot observe cancellation.</summary>
    public CancellationTokenSource? Cancellation { get; }

    public CancellationToken CancellationToken => Cancellation?.Token ?? Connection.ConnectionAborted;

    /// <summary>Gives the request the slot it runs in; <see cref="ReleaseSlot"/> returns it.</summary>
    public void AttachSlot(Action releaseSlot) => _releaseSlot = releaseSlot;

    /// <summary>Frees the invocation slot (once); streaming methods do so as soon as their stream exists.</summary>
    public void ReleaseSlot() => Interlocked.Exchange(ref _releaseSlot, null)?.Invoke();

    /// <summary>Releases what the request holds: its slot, its streams and its cancellation registration.</summary>
    public void Finish()
    {
        ReleaseSlot();
        if (StreamIds is not null)
        {
            foreach (var streamId in StreamIds)
            {
                Connection.ClientStreams.TryComplete(streamId, error: null);
            }
        }

        if (Cancellation is not null && Message.InvocationId is { } invocationId)
        {
            Connection.ActiveInvocations.Remove(invocationId, Cancellation);
        }
    }
}
