using HubFramework.Protocol;

namespace HubFramework.Client.Internal;

/// <summary>
/// Stateful reconnect bookkeeping for one session. Outbound: every trackable message sent (invocations, stream
/// items, completions, cancellations) is kept, numbered from 1, until the server acknowledges it, so it can be
/// replayed after the transport is re-established; the kept bytes are bounded and senders wait when full.
/// Inbound: trackable messages are counted so that replayed duplicates are dropped and processed ones acknowledged.
/// </summary>
internal sealed class MessageBuffer
{
    private readonly object _lock = new();
    private readonly Queue<(long Sequence, ReadOnlyMemory<byte> Bytes)> _unacknowledged = new();
    private readonly long _capacity;
    private long _bufferedBytes;
    private long _nextSendSequence = 1;
    private TaskCompletionSource? _spaceFreed;
    private Exception? _closed;

    // Inbound counters: written only by the receive loop; _lastProcessed is read by the ack timer.
    private long _receiveCursor;
    private long _lastProcessed;
    private long _lastAcknowledged;

    public MessageBuffer(long capacity)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(capacity);
        _capacity = capacity;
    }

    /// <summary>Bytes kept for replay (for tests and diagnostics).</summary>
    public long BufferedBytes
    {
        get
        {
            lock (_lock)
            {
                return _bufferedBytes;
            }
        }
    }

    /// <summary>Whether <paramref name="message"/> carries a sequence id in stateful reconnect.</summary>
    public static bool IsTrackable(HubMessage message) => message is HubInvocationMessage or StreamBindingFailureMessage;

    /// <summary>Waits until <paramref name="size"/> more bytes fit (a message larger than the whole buffer waits for it to empty).</summary>
    public async ValueTask WaitForSpaceAsync(long size, CancellationToken cancellationToken)
    {
        while (true)
        {
            Task freed;
            lock (_lock)
            {
                if (_closed is not null)
                {
                    throw new HubConnectionClosedException("The connection was closed while waiting for the server to acknowledge earlier messages.", _closed);
                }

                if (_bufferedBytes == 0 || _bufferedBytes + size <= _capacity)
                {
                    return;
                }

                _spaceFreed ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                freed = _spaceFreed.Task;
            }

            await freed.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Keeps a framed trackable message for replay; call in send order (under the write lock).</summary>
    public void Append(ReadOnlyMemory<byte> framedMessage)
    {
        lock (_lock)
        {
            if (_closed is not null)
            {
                throw new HubConnectionClosedException("The connection was closed before the message could be sent.", _closed);
            }

            _unacknowledged.Enqueue((_nextSendSequence++, framedMessage));
            _bufferedBytes += framedMessage.Length;
        }
    }

    /// <summary>The server has processed every message up to <paramref name="sequenceId"/>: forget them.</summary>
    public void Acknowledge(long sequenceId)
    {
        TaskCompletionSource? freed = null;
        lock (_lock)
        {
            while (_unacknowledged.TryPeek(out var head) && head.Sequence <= sequenceId)
            {
                _unacknowledged.Dequeue();
                _bufferedBytes -= head.Bytes.Length;
            }

            if (_spaceFreed is not null)
            {
                freed = _spaceFreed;
                _spaceFreed = null;
            }
        }

        freed?.TrySetResult();
    }

    /// <summary>
    /// For a replay after reconnecting: the sequence id of the first message that follows (the oldest
    /// unacknowledged one, or the next new one) and the unacknowledged messages in send order.
    /// </summary>
    public (long FirstSequenceId, ReadOnlyMemory<byte>[] Messages) GetReplay()
    {
        lock (_lock)
        {
            var first = _unacknowledged.TryPeek(out var head) ? head.Sequence : _nextSendSequence;
            return (first, _unacknowledged.Select(m => m.Bytes).ToArray());
        }
    }

    /// <summary>
    /// Counts an incoming message. Returns false for a trackable message already processed (a replayed duplicate),
    /// which must be dropped.
    /// </summary>
    public bool ShouldProcess(HubMessage message)
    {
        if (!IsTrackable(message))
        {
            return true;
        }

        _receiveCursor++;
        if (_receiveCursor <= _lastProcessed)
        {
            return false;
        }

        Volatile.Write(ref _lastProcessed, _receiveCursor);
        return true;
    }

    /// <summary>The server's Sequence message: the next trackable message it sends has <paramref name="sequenceId"/>.</summary>
    /// <exception cref="HubProtocolException">The server would skip messages we never received.</exception>
    public void ResetReceiveSequence(long sequenceId)
    {
        if (sequenceId > _lastProcessed + 1)
        {
            throw new HubProtocolException(
                $"The server resumed at sequence id {sequenceId} but only {_lastProcessed} messages were received: messages were lost.");
        }

        if (sequenceId < 1)
        {
            throw new HubProtocolException($"Invalid sequence id {sequenceId}.");
        }

        _receiveCursor = sequenceId - 1;
    }

    /// <summary>The id to acknowledge, when messages were processed since the last acknowledgement.</summary>
    public bool TryTakeAcknowledgement(out long sequenceId)
    {
        sequenceId = Volatile.Read(ref _lastProcessed);
        if (sequenceId <= Volatile.Read(ref _lastAcknowledged))
        {
            return false;
        }

        Volatile.Write(ref _lastAcknowledged, sequenceId);
        return true;
    }

    /// <summary>Fails the senders waiting for space: the session is over.</summary>
    public void Close(Exception? reason)
    {
        TaskCompletionSource? freed;
        lock (_lock)
        {
            _closed = reason ?? new HubConnectionClosedException();
            freed = _spaceFreed;
            _spaceFreed = null;
            _unacknowledged.Clear();
            _bufferedBytes = 0;
        }

        freed?.TrySetResult();
    }
}
