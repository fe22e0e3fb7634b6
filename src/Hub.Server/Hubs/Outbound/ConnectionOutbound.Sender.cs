using System.Buffers;
using System.IO.Pipelines;
using System.Threading.Tasks.Sources;

namespace HubFramework.Server.Hubs.Outbound;

/// <summary>The sender loop: takes batches from the queue and writes them to the transport, one flush per batch.</summary>
internal sealed partial class ConnectionOutbound
{
    // A batch is roughly what one socket send carries well; bigger batches only delay the first byte of the next one.
    private const int MaxBatchBytes = 64 * 1024;
    private const int MaxBatchMessages = 256;

    // Wakes the parked sender without allocating: one reusable IValueTaskSource, reset each time the sender parks.
    private ManualResetValueTaskSourceCore<bool> _signal;
    private bool _senderParked;

    // Set when the sender must exit as soon as it can (disposal, an abandoned drain, a transport gone for good).
    private bool _stopping;
    private bool _senderExited;

    // The current transport failed; with stateful reconnect the sender waits for a new one.
    private bool _outputBroken;

    private OutboundEntry[] _batch = [];
    private long _lastWriteTimestamp = Environment.TickCount64;

    /// <summary>When a message was last handed to the transport (<see cref="Environment.TickCount64"/>), or when this was created.</summary>
    /// <remarks>Keep-alive pings are only needed when this is older than the interval.</remarks>
    public long LastWriteTimestamp => Volatile.Read(ref _lastWriteTimestamp);

    private enum SenderStep
    {
        Park,
        Write,
        Reconnect,
        AwaitHandedFlush,
    }

    private async Task SendLoopAsync()
    {
        try
        {
            while (true)
            {
                PipeWriter output;
                SenderStep step;
                var taken = 0;
                long takenBytes = 0;
                long lastSequenceId = 0;
                short token = 0;
                ValueTask<FlushResult> handedFlush = default;
                lock (_lock)
                {
                    output = _output;
                    if (_handedFlushBytes >= 0)
                    {
                        handedFlush = _handedFlush;
                        takenBytes = _handedFlushBytes;
                        _handedFlush = default;
                        _handedFlushBytes = -1;
                        step = SenderStep.AwaitHandedFlush;
                    }
                    else if (_inlineWriting)
                    {
                        // A sender thread is writing straight to the transport; it wakes us when it is done if needed.
                        _signal.Reset();
                        _senderParked = true;
                        token = _signal.Version;
                        step = SenderStep.Park;
                    }
                    else if (_stopping)
                    {
                        break;
                    }
                    else if (_reconnectOutput is not null)
                    {
                        step = SenderStep.Reconnect;
                    }
                    else if (_queue.Count == 0 && !_accepting)
                    {
                        // Completed and drained.
                        break;
                    }
                    else if (!_outputBroken && TakeBatchLocked(out taken, out takenBytes, out lastSequenceId))
                    {
                        step = SenderStep.Write;
                    }
                    else
                    {
                        _signal.Reset();
                        _senderParked = true;
                        token = _signal.Version;
                        step = SenderStep.Park;
                    }
                }

                switch (step)
                {
                    case SenderStep.Park:
                        await new ValueTask(this, token).ConfigureAwait(false);
                        break;
                    case SenderStep.Reconnect:
                        await ReplayAsync().ConfigureAwait(false);
                        break;
                    case SenderStep.AwaitHandedFlush:
                        await AwaitHandedFlushAsync(handedFlush, takenBytes).ConfigureAwait(false);
                        break;
                    default:
                        await WriteBatchAsync(output, taken, takenBytes, lastSequenceId).ConfigureAwait(false);
                        break;
                }
            }
        }
        catch (Exception ex)
        {
            OutboundLog.SenderFailed(_logger, ex);
        }
        finally
        {
            OnSenderExited();
        }
    }

    /// <summary>Moves up to one batch from the queue to <see cref="_batch"/>, assigning sequence ids and filling the replay buffer.</summary>
    private bool TakeBatchLocked(out int taken, out long takenBytes, out long lastSequenceId)
    {
        taken = 0;
        takenBytes = 0;
        lastSequenceId = 0;
        while (_queue.Count > 0 && taken < MaxBatchMessages)
        {
            ref var head = ref _queue[0];
            if (taken > 0 && takenBytes + head.Length > MaxBatchBytes)
            {
                break;
            }

            if (_stateful && head.Sequenced && !ReplayHasRoomLocked(head.Length))
            {
                // The client has not acknowledged enough: hold everything (order matters) until it does.
                break;
            }

            var entry = _queue.PopFront();
            if (entry.Sequenced && _stateful)
            {
                entry.SequenceId = _nextSequenceId++;
                lastSequenceId = entry.SequenceId;
                _replay.PushBack(entry);
                _replayBytes += entry.Length;

                // The replay buffer owns the pooled array now; the batch only borrows the bytes.
                entry.Rented = null;
            }

            if (_batch.Length == taken)
            {
                Array.Resize(ref _batch, Math.Max(4, taken * 2));
            }

            _batch[taken++] = entry;
            takenBytes += entry.Length;
        }

        if (taken > 0)
        {
            _replayStallStarted = 0;
            return true;
        }

        if (_queue.Count > 0)
        {
            StartReplayStallLocked();
        }

        return false;
    }

    private async ValueTask WriteBatchAsync(PipeWriter output, int taken, long takenBytes, long lastSequenceId)
    {
        Exception? failure = null;
        var completed = false;
        try
        {
            for (var i = 0; i < taken; i++)
            {
                output.Write(_batch[i].Bytes.Span);
            }

            Volatile.Write(ref _lastWriteTimestamp, Environment.TickCount64);

            if (lastSequenceId > 0)
            {
                lock (_lock)
                {
                    // Only now may an Ack release these frames' arrays: they have been copied into the transport.
                    _lastWrittenSequenceId = lastSequenceId;
                }
            }

            var result = await output.FlushAsync().ConfigureAwait(false);
            completed = result.IsCompleted;
        }
        catch (Exception ex)
        {
            failure = ex;
        }

        for (var i = 0; i < taken; i++)
        {
            _batch[i].Release();
            _batch[i] = default;
        }

        CompleteWrite(taken, takenBytes, failure, completed, inline: false);
    }

    /// <summary>Accounting after a flush (batch, inline write, or a flush handed over by an inline write).</summary>
    private void CompleteWrite(int count, long bytes, Exception? failure, bool transportCompleted, bool inline)
    {
        TaskCompletionSource? room;
        var wake = false;
        lock (_lock)
        {
            _pendingBytes -= bytes;
            _pendingCount -= count;
            room = TakeRoomWaitersLocked();
            if (failure is not null || transportCompleted)
            {
                // With stateful reconnect the client may come back on a new transport; otherwise this is the end.
                if (_stateful && _accepting && _reconnectOutput is null)
                {
                    _outputBroken = true;
                }
                else if (_reconnectOutput is null)
                {
                    _stopping = true;
                }
            }

            if (inline)
            {
                _inlineWriting = false;

                // Only wake the sender when it has something to do: an idle connection stays free of thread hops.
                wake = (_queue.Count > 0 || !_accepting || _stopping || _reconnectOutput is not null) && TakeParkedSenderLocked();
            }
        }

        OutboundMetrics.QueuedBytes.Add(-bytes);
        var protocolTag = new KeyValuePair<string, object?>("protocol", _protocol.Name);
        OutboundMetrics.MessagesSent.Add(count, protocolTag);
        OutboundMetrics.BytesSent.Add(bytes, protocolTag);
        OutboundMetrics.Flushes.Add(1);
        room?.TrySetResult();
        if (wake)
        {
            WakeSender();
        }

        if (failure is not null)
        {
            OutboundLog.WriteFailed(_logger, _stateful, failure);
        }
        else if (transportCompleted)
        {
            OutboundLog.TransportCompleted(_logger);
        }
    }

    /// <summary>Under the lock: if the sender is parked, marks it awake; the caller then calls <see cref="WakeSender"/> outside the lock.</summary>
    private bool TakeParkedSenderLocked()
    {
        if (!_senderParked)
        {
            return false;
        }

        _senderParked = false;
        return true;
    }

    private void WakeSender() => _signal.SetResult(true);

    /// <summary>Stops the sender as soon as possible, discarding what is queued.</summary>
    private void Abandon()
    {
        bool wake;
        TaskCompletionSource? room;
        PipeWriter output;
        long discarded;
        int count;
        lock (_lock)
        {
            _accepting = false;
            _stopping = true;
            count = _queue.Count;
            discarded = DiscardQueueLocked();
            wake = TakeParkedSenderLocked();
            room = TakeRoomWaitersLocked();
            output = _output;
        }

        OutboundMetrics.QueuedBytes.Add(-discarded);
        if (count > 0)
        {
            OutboundLog.DrainAbandoned(_logger, count);
        }

        room?.TrySetResult();
        if (wake)
        {
            WakeSender();
        }

        // A sender stuck flushing into a transport that stopped reading returns at once.
        output.CancelPendingFlush();
    }

    private void OnSenderExited()
    {
        TaskCompletionSource? room;
        TaskCompletionSource? reconnected;
        long discarded;
        lock (_lock)
        {
            _senderExited = true;
            _accepting = false;
            discarded = DiscardQueueLocked();
            ReleaseReplayLocked();
            room = TakeRoomWaitersLocked();
            reconnected = _reconnected;
            _reconnected = null;
            _reconnectOutput = null;
        }

        OutboundMetrics.QueuedBytes.Add(-discarded);
        room?.TrySetResult();
        reconnected?.TrySetException(new InvalidOperationException("The connection's outbound side has stopped; it cannot be reconnected."));
    }

    void IValueTaskSource.GetResult(short token) => _signal.GetResult(token);

    ValueTaskSourceStatus IValueTaskSource.GetStatus(short token) => _signal.GetStatus(token);

    void IValueTaskSource.OnCompleted(Action<object?> continuation, object? state, short token, ValueTaskSourceOnCompletedFlags flags)
        => _signal.OnCompleted(continuation, state, token, flags);
}
