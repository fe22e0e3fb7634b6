using System.IO.Pipelines;

namespace HubFramework.Server.Transports;

/// <summary>
/// Guards the writer of a connection's inbound pipe. Transports take turns writing (a WebSocket receive loop, one
/// HTTP POST at a time, a new socket after a stateful reconnect), and anyone may end the stream (client close,
/// server shutdown) without racing a writer that is mid-write: PipeWriter is not safe for concurrent use.
/// </summary>
internal sealed class InboundPipeGate
{
    private readonly SemaphoreSlim _turn = new(1, 1);
    private readonly object _completionLock = new();
    private readonly PipeWriter _writer;
    private volatile bool _completionRequested;
    private Exception? _completionError;
    private bool _completed;

    public InboundPipeGate(PipeWriter writer) => _writer = writer;

    /// <summary>The writer; use it only between a successful <see cref="EnterAsync"/> and <see cref="Exit"/>.</summary>
    public PipeWriter Writer => _writer;

    /// <summary>Whether the inbound stream has ended (or is about to, once the current writer leaves).</summary>
    public bool IsCompleted => _completionRequested;

    /// <summary>Waits for the writer's turn; false when the stream has ended (nothing may be written any more).</summary>
    public async ValueTask<bool> EnterAsync(CancellationToken cancellationToken)
    {
        if (_completionRequested)
        {
            return false;
        }

        await _turn.WaitAsync(cancellationToken).ConfigureAwait(false);
        if (_completionRequested)
        {
            CompleteWriterIfRequested();
            _turn.Release();
            return false;
        }

        return true;
    }

    /// <summary>Gives the turn back (finishing a completion requested meanwhile).</summary>
    public void Exit()
    {
        CompleteWriterIfRequested();
        _turn.Release();
    }

    /// <summary>
    /// Ends the inbound stream (the application's reads then complete). If a writer holds the turn longer than
    /// <paramref name="wait"/>, the stream ends as soon as that writer leaves.
    /// </summary>
    public async Task CompleteAsync(Exception? error, TimeSpan wait)
    {
        lock (_completionLock)
        {
            if (_completionRequested)
            {
                return;
            }

            _completionError = error;
            _completionRequested = true;
        }

        bool entered;
        try
        {
            entered = await _turn.WaitAsync(wait).ConfigureAwait(false);
        }
        catch (ObjectDisposedException)
        {
            return;
        }

        if (entered)
        {
            Exit();
        }
    }

    private void CompleteWriterIfRequested()
    {
        if (_completionRequested && !_completed)
        {
            _completed = true;
            _writer.Complete(_completionError);
        }
    }
}
