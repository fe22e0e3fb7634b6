using System.Diagnostics;
using System.IO.Pipelines;
using System.Threading.Tasks.Sources;
using HubFramework.Protocol;
using Microsoft.Extensions.Logging;

namespace HubFramework.Server.Hubs.Outbound;

/// <summary>
/// The outbound side of one hub connection: a bounded queue of framed messages drained by a single sender loop that
/// writes many queued frames per <see cref="PipeWriter.FlushAsync"/> (one transport send per batch). When the queue is
/// full a <see cref="SlowConsumerPolicy"/> decides; a fan-out send never waits for one connection. With stateful
/// reconnect, sent hub invocation messages stay in a replay buffer until the client acknowledges them.
/// </summary>
/// <remarks>
/// Threading: any number of threads enqueue; only the sender loop writes to the <see cref="PipeWriter"/>. State is
/// guarded by one short lock. Enqueueing into a connection whose sender is idle allocates nothing: the message is
/// serialized into a pooled array and the parked sender is woken through a reusable <see cref="IValueTaskSource"/>.
/// </remarks>
internal sealed partial class ConnectionOutbound : IAsyncDisposable, IValueTaskSource
{
    // Coalescing key of Ack messages: a newer Ack supersedes a queued one (the spec allows coalescing them).
    private const string AckCoalesceKey = "\0ack";

    // Timers and timed waits take at most int.MaxValue milliseconds.
    private static readonly TimeSpan MaxWaitLimit = TimeSpan.FromMilliseconds(int.MaxValue);

    private readonly object _lock = new();
    private readonly IHubProtocol _protocol;
    private readonly long _maxQueuedBytes;
    private readonly int _maxQueuedMessages;
    private readonly SlowConsumerPolicy _defaultPolicy;
    private readonly TimeSpan _maxWait;
    private readonly bool _stateful;
    private readonly long _replayLimit;
    private readonly Action<string> _closeForSlowConsumer;
    private readonly ILogger _logger;
    private readonly Task _sender;

    private PipeWriter _output;

    // Messages not yet taken by the sender.
    private OutboundRing _queue;

    // Bytes and messages accepted and not yet flushed (queued plus the batch being written): what the caps bound.
    private long _pendingBytes;
    private int _pendingCount;

    // False once the outbound is completing, closed as a slow consumer, or disposed: new messages are discarded.
    private bool _accepting = true;
    private bool _slowConsumer;

    private TaskCompletionSource? _roomFreed;
    private long _dropped;
    private long _coalesced;

    /// <summary>Creates the outbound side and starts its sender loop.</summary>
    /// <param name="output">The transport's output.</param>
    /// <param name="protocol">The connection's hub protocol (frames every message written).</param>
    /// <param name="options">Hub options: <see cref="HubOptions.OutboundQueue"/> and <see cref="HubOptions.StatefulReconnectBufferSize"/>.</param>
    /// <param name="statefulReconnect">Whether to keep sent messages for replay until acknowledged.</param>
    /// <param name="closeForSlowConsumer">Called at most once, never under a lock, with the reason, when the connection cannot keep up.</param>
    /// <param name="logger">Logger.</param>
    public ConnectionOutbound(PipeWriter output, IHubProtocol protocol, HubOptions options, bool statefulReconnect, Action<string> closeForSlowConsumer, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(protocol);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(closeForSlowConsumer);
        ArgumentNullException.ThrowIfNull(logger);

        var queue = options.OutboundQueue ?? throw new ArgumentException("HubOptions.OutboundQueue must be set.", nameof(options));
        if (queue.MaxQueuedBytes <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(options), queue.MaxQueuedBytes, "OutboundQueue.MaxQueuedBytes must be positive.");
        }

        if (queue.MaxQueuedMessages <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(options), queue.MaxQueuedMessages, "OutboundQueue.MaxQueuedMessages must be positive.");
        }

        if (queue.MaxWait < TimeSpan.Zero || queue.MaxWait > MaxWaitLimit)
        {
            throw new ArgumentOutOfRangeException(nameof(options), queue.MaxWait, "OutboundQueue.MaxWait must be between zero and 24 days.");
        }

        if (statefulReconnect && options.StatefulReconnectBufferSize <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.StatefulReconnectBufferSize, "StatefulReconnectBufferSize must be positive.");
        }

        _output = output;
        _protocol = protocol;
        _maxQueuedBytes = queue.MaxQueuedBytes;
        _maxQueuedMessages = queue.MaxQueuedMessages;
        _defaultPolicy = queue.Policy;
        _maxWait = queue.MaxWait;
        _stateful = statefulReconnect;
        _replayLimit = options.StatefulReconnectBufferSize;
        _closeForSlowConsumer = closeForSlowConsumer;
        _logger = logger;
        _signal.RunContinuationsAsynchronously = true;
        _sender = SendLoopAsync();
    }

    /// <summary>The connection's hub protocol.</summary>
    public IHubProtocol Protocol => _protocol;

    /// <summary>Bytes accepted and not yet flushed to the transport.</summary>
    /// <summary>The queue's byte cap (a connection near it is a slow consumer).</summary>
    public long MaxQueuedBytes => _maxQueuedBytes;

    public long QueuedBytes
    {
        get
        {
            lock (_lock)
            {
                return _pendingBytes;
            }
        }
    }

    /// <summary>Messages accepted and not yet flushed to the transport.</summary>
    public int QueuedMessages
    {
        get
        {
            lock (_lock)
            {
                return _pendingCount;
            }
        }
    }

    /// <summary>Messages discarded under pressure on this connection.</summary>
    public long DroppedMessages => Interlocked.Read(ref _dropped);

    /// <summary>Queued messages replaced by a newer one with the same key on this connection.</summary>
    public long CoalescedMessages => Interlocked.Read(ref _coalesced);

    /// <summary>Whether the connection was closed because it could not keep up.</summary>
    public bool ClosedAsSlowConsumer
    {
        get
        {
            lock (_lock)
            {
                return _slowConsumer;
            }
        }
    }

    /// <summary>
    /// Serializes <paramref name="message"/> with the connection's protocol and queues it. With the policy
    /// <see cref="SlowConsumerPolicy.Wait"/> and a full queue this waits for room (up to <see cref="OutboundQueueOptions.MaxWait"/>,
    /// then the connection is closed as a slow consumer); otherwise it completes at once.
    /// </summary>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> fired while waiting for room (the message is not sent).</exception>
    public ValueTask WriteAsync(HubMessage message, SendOptions? options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        var entry = Frame(message, options, out var policy);
        return EnqueueAsync(entry, policy, fanOut: false, cancellationToken);
    }

    /// <summary>Queues the shared bytes of a message for this connection's protocol; as <see cref="WriteAsync(HubMessage, SendOptions?, CancellationToken)"/>.</summary>
    public ValueTask WriteAsync(SerializedHubMessage message, SendOptions? options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        var entry = Shared(message, options, out var policy);
        return EnqueueAsync(entry, policy, fanOut: false, cancellationToken);
    }

    /// <summary>
    /// Queues a message sent to several connections. Never waits: with a full queue, <see cref="SlowConsumerPolicy.Wait"/>
    /// acts as <see cref="SlowConsumerPolicy.Disconnect"/>, so one stalled socket cannot hold up a broadcast.
    /// </summary>
    /// <returns>Whether the message was queued (or replaced a queued one with the same key).</returns>
    public bool TryWriteFanOut(SerializedHubMessage message, SendOptions? options)
    {
        ArgumentNullException.ThrowIfNull(message);
        var entry = Shared(message, options, out var policy);
        var outcome = Enqueue(ref entry, policy, fanOut: true);
        return outcome is EnqueueOutcome.Queued or EnqueueOutcome.Coalesced or EnqueueOutcome.WriteInline;
    }

    /// <summary>
    /// Stops accepting messages, drains what is queued (bounded by <see cref="OutboundQueueOptions.MaxWait"/> and
    /// <paramref name="cancellationToken"/>, after which the rest is discarded), writes <paramref name="close"/> if given,
    /// and stops the sender. The transport's output is left open for its owner to complete.
    /// </summary>
    public async Task CompleteAsync(CloseMessage? close, CancellationToken cancellationToken)
    {
        var closeEntry = close is null ? default : Frame(close, null, out _);
        var closeQueued = false;
        bool wake;
        TaskCompletionSource? room;
        lock (_lock)
        {
            _accepting = false;
            if (close is not null && !_senderExited)
            {
                // The close frame bypasses the caps: it is the last thing this connection will ever send.
                _queue.PushBack(closeEntry);
                _pendingBytes += closeEntry.Length;
                _pendingCount++;
                OutboundMetrics.QueuedBytes.Add(closeEntry.Length);
                closeEntry = default;
                closeQueued = true;
            }

            if (_outputBroken)
            {
                // No transport to drain into (stateful connection between transports): nothing more can be delivered.
                _stopping = true;
            }

            wake = TakeParkedSenderLocked();
            room = TakeRoomWaitersLocked();
        }

        if (!closeQueued)
        {
            closeEntry.Release();
        }

        room?.TrySetResult();
        if (wake)
        {
            WakeSender();
        }

        try
        {
            await _sender.WaitAsync(_maxWait, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is TimeoutException or OperationCanceledException)
        {
            Abandon();
            await _sender.ConfigureAwait(false);
        }
    }

    /// <summary>Stops at once: queued and unacknowledged messages are discarded and waiting senders released.</summary>
    public async ValueTask DisposeAsync()
    {
        Abandon();
        await _sender.ConfigureAwait(false);
        _replayStallTimer?.Dispose();
    }

    private OutboundEntry Frame(HubMessage message, SendOptions? options, out SlowConsumerPolicy policy)
    {
        var entry = Describe(message, options, out policy);
        var writer = PooledFrameWriter.Rent();
        try
        {
            _protocol.WriteMessage(message, writer);
            var array = writer.Detach(out var length);
            entry.Bytes = array.AsMemory(0, length);
            entry.Rented = array.Length > 0 ? array : null;
        }
        finally
        {
            PooledFrameWriter.Return(writer);
        }

        return entry;
    }

    private OutboundEntry Shared(SerializedHubMessage message, SendOptions? options, out SlowConsumerPolicy policy)
    {
        var entry = Describe(message.Message, options, out policy);
        entry.Bytes = message.GetSerializedMessage(_protocol);
        return entry;
    }

    private OutboundEntry Describe(HubMessage message, SendOptions? options, out SlowConsumerPolicy policy)
    {
        policy = options?.Policy ?? _defaultPolicy;
        var entry = new OutboundEntry { Sequenced = message is HubInvocationMessage };
        switch (message)
        {
            case PingMessage:
                // A ping only matters when nothing else is going out; under pressure it is the first thing to give.
                policy = SlowConsumerPolicy.DropOldest;
                break;
            case AckMessage when options?.Policy is null:
                policy = SlowConsumerPolicy.CoalesceByKey;
                entry.CoalesceKey = AckCoalesceKey;
                break;
        }

        if (policy == SlowConsumerPolicy.CoalesceByKey && options?.CoalesceKey is { } key)
        {
            entry.CoalesceKey = key;
        }

        entry.Droppable = policy is SlowConsumerPolicy.DropOldest or SlowConsumerPolicy.CoalesceByKey;
        return entry;
    }

    private ValueTask EnqueueAsync(OutboundEntry entry, SlowConsumerPolicy policy, bool fanOut, CancellationToken cancellationToken)
    {
        var outcome = Enqueue(ref entry, policy, fanOut);
        return outcome == EnqueueOutcome.MustWait ? WaitForRoomAsync(entry, cancellationToken) : default;
    }

    /// <summary>
    /// Queues <paramref name="entry"/>, writes it at once (idle connection), or applies the policy; on
    /// <see cref="EnqueueOutcome.MustWait"/> the caller still owns the entry.
    /// </summary>
    private EnqueueOutcome Enqueue(ref OutboundEntry entry, SlowConsumerPolicy policy, bool fanOut)
    {
        EnqueueOutcome outcome;
        long bytesDelta;
        int evicted;
        bool wake;
        PipeWriter output;
        lock (_lock)
        {
            outcome = EnqueueLocked(ref entry, out bytesDelta, out evicted);
            wake = outcome == EnqueueOutcome.Queued && TakeParkedSenderLocked();
            output = _output;
        }

        if (wake)
        {
            WakeSender();
        }

        RecordEnqueue(outcome, bytesDelta, evicted);
        switch (outcome)
        {
            case EnqueueOutcome.WriteInline:
                WriteInline(ref entry, output);
                return outcome;
            case EnqueueOutcome.Full when policy == SlowConsumerPolicy.Wait && !fanOut:
                return EnqueueOutcome.MustWait;
            case EnqueueOutcome.Full:
                var length = entry.Length;
                entry.Release();
                CloseForSlowConsumer(fanOut && policy == SlowConsumerPolicy.Wait
                    ? $"slow consumer: outbound queue full ({FormatPending()}; a message of {length} bytes to several connections cannot wait)"
                    : $"slow consumer: outbound queue full ({FormatPending()}; policy Disconnect)");
                return EnqueueOutcome.Full;
            default:
                entry.Release();
                return outcome;
        }
    }

    private async ValueTask WaitForRoomAsync(OutboundEntry entry, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        try
        {
            while (true)
            {
                var remaining = _maxWait - Stopwatch.GetElapsedTime(started);
                EnqueueOutcome outcome;
                long bytesDelta;
                int evicted;
                bool wake;
                Task? room = null;
                PipeWriter output;
                lock (_lock)
                {
                    outcome = EnqueueLocked(ref entry, out bytesDelta, out evicted);
                    wake = outcome == EnqueueOutcome.Queued && TakeParkedSenderLocked();
                    output = _output;
                    if (outcome == EnqueueOutcome.Full && remaining > TimeSpan.Zero)
                    {
                        room = (_roomFreed ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).Task;
                    }
                }

                if (wake)
                {
                    WakeSender();
                }

                RecordEnqueue(outcome, bytesDelta, evicted);
                if (outcome == EnqueueOutcome.WriteInline)
                {
                    WriteInline(ref entry, output);
                    return;
                }

                if (outcome != EnqueueOutcome.Full)
                {
                    entry.Release();
                    return;
                }

                if (room is null)
                {
                    entry.Release();
                    CloseForSlowConsumer($"slow consumer: outbound queue full for {_maxWait.TotalSeconds:0.###} s ({FormatPending()})");
                    return;
                }

                try
                {
                    await room.WaitAsync(remaining, cancellationToken).ConfigureAwait(false);
                }
                catch (TimeoutException)
                {
                    // Try once more, then close: the loop sees no time left.
                }
            }
        }
        catch
        {
            entry.Release();
            throw;
        }
    }

    private EnqueueOutcome EnqueueLocked(ref OutboundEntry entry, out long bytesDelta, out int evicted)
    {
        bytesDelta = 0;
        evicted = 0;
        if (!_accepting)
        {
            return EnqueueOutcome.Closed;
        }

        if (entry.CoalesceKey is { } key)
        {
            var index = _queue.IndexOfKey(key);
            if (index >= 0)
            {
                // Replace in place: the newest value goes out where the oldest would have, keeping its turn.
                ref var queued = ref _queue[index];
                bytesDelta = entry.Length - queued.Length;
                _pendingBytes += bytesDelta;
                queued.Release();
                queued = entry;
                entry = default;
                return EnqueueOutcome.Coalesced;
            }
        }

        if (CanWriteInlineLocked(in entry))
        {
            ClaimInlineLocked(ref entry);
            bytesDelta = entry.Length;
            return EnqueueOutcome.WriteInline;
        }

        // Droppable messages give way to any newer message before a policy has to act.
        while (!HasRoomLocked(entry.Length))
        {
            var index = _queue.IndexOfOldestDroppable();
            if (index < 0)
            {
                return entry.Droppable ? EnqueueOutcome.Dropped : EnqueueOutcome.Full;
            }

            var victim = _queue.RemoveAt(index);
            _pendingBytes -= victim.Length;
            _pendingCount--;
            bytesDelta -= victim.Length;
            evicted++;
            victim.Release();
        }

        _queue.PushBack(entry);
        _pendingBytes += entry.Length;
        _pendingCount++;
        bytesDelta += entry.Length;
        entry = default;
        return EnqueueOutcome.Queued;
    }

    private bool HasRoomLocked(int length)
        => _pendingCount == 0 || (_pendingCount < _maxQueuedMessages && _pendingBytes + length <= _maxQueuedBytes);

    private void RecordEnqueue(EnqueueOutcome outcome, long bytesDelta, int evicted)
    {
        if (bytesDelta != 0)
        {
            OutboundMetrics.QueuedBytes.Add(bytesDelta);
        }

        var dropped = evicted + (outcome == EnqueueOutcome.Dropped ? 1 : 0);
        if (dropped > 0)
        {
            Interlocked.Add(ref _dropped, dropped);
            OutboundMetrics.Dropped.Add(dropped);
        }

        if (outcome == EnqueueOutcome.Coalesced)
        {
            Interlocked.Increment(ref _coalesced);
            OutboundMetrics.Coalesced.Add(1);
        }
    }

    private string FormatPending()
    {
        lock (_lock)
        {
            return $"{_pendingCount} messages, {_pendingBytes} bytes queued; limits {_maxQueuedMessages} messages, {_maxQueuedBytes} bytes";
        }
    }

    /// <summary>Discards the queue and asks the owner to close the connection; only the first call has an effect.</summary>
    private void CloseForSlowConsumer(string reason)
    {
        TaskCompletionSource? room;
        long discarded;
        lock (_lock)
        {
            if (!_accepting)
            {
                return;
            }

            _accepting = false;
            _slowConsumer = true;
            discarded = DiscardQueueLocked();
            room = TakeRoomWaitersLocked();
        }

        OutboundMetrics.QueuedBytes.Add(-discarded);
        OutboundMetrics.SlowConsumerDisconnects.Add(1);
        room?.TrySetResult();
        OutboundLog.SlowConsumer(_logger, reason);
        try
        {
            _closeForSlowConsumer(reason);
        }
        catch (Exception ex)
        {
            OutboundLog.SlowConsumerCallbackFailed(_logger, ex);
        }
    }

    /// <summary>Releases every message not yet taken by the sender; returns the bytes discarded.</summary>
    private long DiscardQueueLocked()
    {
        long bytes = 0;
        while (_queue.Count > 0)
        {
            var entry = _queue.PopFront();
            bytes += entry.Length;
            _pendingBytes -= entry.Length;
            _pendingCount--;
            entry.Release();
        }

        return bytes;
    }

    private TaskCompletionSource? TakeRoomWaitersLocked()
    {
        var room = _roomFreed;
        _roomFreed = null;
        return room;
    }

    private enum EnqueueOutcome
    {
        Queued,
        WriteInline,
        Coalesced,
        Dropped,
        Full,
        Closed,
        MustWait,
    }
}
