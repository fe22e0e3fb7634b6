using System.Threading.Channels;
using HubFramework.Protocol;

namespace HubFramework.Client.Internal;

/// <summary>A stream invocation: items go into a channel the caller reads; the Completion ends it.</summary>
internal sealed class StreamingInvocation<T> : InvocationRequest, IDisposable
{
    private readonly Channel<T> _items = Channel.CreateUnbounded<T>(new UnboundedChannelOptions { SingleReader = false, SingleWriter = false });
    private readonly CancellationTokenSource _finished = new();
    private CancellationTokenRegistration _cancellation;

    public StreamingInvocation(string invocationId, Type itemType)
        : base(invocationId, itemType)
    {
    }

    public ChannelReader<T> Reader => _items.Reader;

    /// <summary>Cancelled once the stream has ended: uploads feeding it stop.</summary>
    public CancellationToken Finished => _finished.Token;

    /// <summary>Keeps the caller's cancellation registration alive until the stream ends.</summary>
    public void SetCancellation(CancellationTokenRegistration registration) => _cancellation = registration;

    public override void Complete(CompletionMessage completion)
    {
        if (completion.Error is not null)
        {
            _items.Writer.TryComplete(new HubException(completion.Error));
        }
        else if (completion.HasResult)
        {
            _items.Writer.TryComplete(new InvalidOperationException(
                "The server sent a result in the completion of a streaming invocation; streams end with a completion without result."));
        }
        else
        {
            _items.Writer.TryComplete();
        }

        Dispose();
    }

    public override void Fail(Exception exception)
    {
        _items.Writer.TryComplete(exception);
        Dispose();
    }

    public override bool TryWriteItem(object? item) => item switch
    {
        T typed => _items.Writer.TryWrite(typed),
        null when default(T) is null => _items.Writer.TryWrite(default!),
        _ => false,
    };

    public void Dispose()
    {
        _cancellation.Dispose();
        _finished.Cancel();
    }
}
