using System.Globalization;
using System.IO.Pipelines;
using HubFramework.Client.Http;
using HubFramework.Protocol;

namespace HubFramework.Client.Internal;

/// <summary>
/// Everything that lives exactly as long as one underlying connection: the transport pipes, the outstanding
/// invocations, the single-writer lock, keep-alive timestamps and, with stateful reconnect, the replay buffer.
/// Automatic reconnect creates a new session; stateful reconnect keeps the session and swaps its pipes.
/// </summary>
internal sealed class ConnectionSession
{
    private readonly Dictionary<string, InvocationRequest> _pending = new(StringComparer.Ordinal);
    private readonly CancellationTokenSource _ending = new();
    private int _nextId;
    private bool _closed;
    private long _lastReceived = Environment.TickCount64;
    private long _lastSent = Environment.TickCount64;
    private Exception? _abortReason;

    public ConnectionSession(ITransportConnection connection, MessageBuffer? buffer)
    {
        Connection = connection;
        Buffer = buffer;
        Input = connection.Transport.Input;
        Output = connection.Transport.Output;
    }

    public ITransportConnection Connection { get; }

    /// <summary>Replay buffer and sequence tracking; null unless stateful reconnect is on.</summary>
    public MessageBuffer? Buffer { get; }

    public PipeReader Input { get; set; }

    /// <summary>Where messages are written; null while a stateful reconnect re-establishes the transport.</summary>
    public PipeWriter? Output { get; set; }

    /// <summary>Serializes writes to <see cref="Output"/>: a pipe has exactly one writer at a time.</summary>
    public SemaphoreSlim WriteLock { get; } = new(1, 1);

    /// <summary>Cancelled when the session stops or ends: stops keep-alive, uploads and resume attempts.</summary>
    public CancellationToken Ending => _ending.Token;

    /// <summary>Set by a stop: the end of this session is not a reason to reconnect.</summary>
    public volatile bool Stopping;

    /// <summary>True while stateful reconnect re-establishes the transport (no timeouts are checked meanwhile).</summary>
    public volatile bool Resuming;

    /// <summary>The Close message the server sent, if any.</summary>
    public CloseMessage? ServerClose { get; set; }

    public Task ReceiveTask { get; set; } = Task.CompletedTask;

    public Task KeepAliveTask { get; set; } = Task.CompletedTask;

    /// <summary>Completes once the end of the session has been fully processed.</summary>
    public TaskCompletionSource Ended { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public Exception? AbortReason => Volatile.Read(ref _abortReason);

    public long LastReceived => Volatile.Read(ref _lastReceived);

    public long LastSent => Volatile.Read(ref _lastSent);

    public void MarkReceived() => Volatile.Write(ref _lastReceived, Environment.TickCount64);

    public void MarkSent() => Volatile.Write(ref _lastSent, Environment.TickCount64);

    /// <summary>A new id for an invocation or an upload stream, unique within the session.</summary>
    public string NextId() => Interlocked.Increment(ref _nextId).ToString(CultureInfo.InvariantCulture);

    /// <summary>Ends the receive loop with <paramref name="reason"/> (for example a server timeout).</summary>
    public void Abort(Exception reason)
    {
        Interlocked.CompareExchange(ref _abortReason, reason, null);
        Input.CancelPendingRead();
    }

    /// <summary>Forgets a previous abort once the transport has been re-established.</summary>
    public void ClearAbort() => Volatile.Write(ref _abortReason, null);

    public void CancelEnding()
    {
        try
        {
            _ending.Cancel();
        }
        catch (ObjectDisposedException)
        {
        }
    }

    public bool TryAddInvocation(InvocationRequest request)
    {
        lock (_pending)
        {
            if (_closed)
            {
                return false;
            }

            _pending.Add(request.InvocationId, request);
            return true;
        }
    }

    public bool TryGetInvocation(string invocationId, out InvocationRequest? request)
    {
        lock (_pending)
        {
            return _pending.TryGetValue(invocationId, out request);
        }
    }

    public bool TryRemoveInvocation(string invocationId, out InvocationRequest? request)
    {
        lock (_pending)
        {
            return _pending.Remove(invocationId, out request);
        }
    }

    /// <summary>Refuses new invocations and fails the outstanding ones with <paramref name="exception"/>.</summary>
    public void FailPending(Exception exception)
    {
        InvocationRequest[] pending;
        lock (_pending)
        {
            _closed = true;
            pending = [.. _pending.Values];
            _pending.Clear();
        }

        foreach (var request in pending)
        {
            request.Fail(exception);
        }
    }
}
