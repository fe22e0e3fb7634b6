using System.Buffers;
using System.Diagnostics;
using System.IO.Pipelines;
using HubFramework.Protocol;

namespace HubFramework.Server.Hubs.Outbound;

/// <summary>
/// Stateful reconnect: sent hub invocation messages stay in a replay buffer until the client acknowledges them; after a
/// transport reconnect the sender writes Sequence(first unacknowledged id) and replays them before anything new.
/// </summary>
internal sealed partial class ConnectionOutbound
{
    // Sent (or being sent) sequenced messages not yet acknowledged, oldest first. Owns their pooled arrays.
    private OutboundRing _replay;
    private long _replayBytes;
    private long _nextSequenceId = 1;

    // Highest sequence id whose bytes have been copied into a transport: acknowledgements are clamped to it so a
    // client cannot make us release an array the sender is still reading.
    private long _lastWrittenSequenceId;

    private PipeWriter? _reconnectOutput;
    private TaskCompletionSource? _reconnected;

    // When the sender started waiting for acknowledgements (Stopwatch timestamp), 0 when it is not waiting.
    private long _replayStallStarted;
    private Timer? _replayStallTimer;

    /// <summary>The client has processed every message up to <paramref name="sequenceId"/>: release them from the replay buffer.</summary>
    public void Acknowledge(long sequenceId)
    {
        bool wake;
        long clampedFrom = 0;
        long lastWritten;
        lock (_lock)
        {
            if (!_stateful || _senderExited)
            {
                return;
            }

            lastWritten = _lastWrittenSequenceId;
            if (sequenceId > lastWritten)
            {
                clampedFrom = sequenceId;
                sequenceId = lastWritten;
            }

            while (_replay.Count > 0 && _replay[0].SequenceId <= sequenceId)
            {
                var entry = _replay.PopFront();
                _replayBytes -= entry.Length;
                entry.Release();
            }

            wake = _replayStallStarted != 0 && TakeParkedSenderLocked();
        }

        if (wake)
        {
            WakeSender();
        }

        if (clampedFrom != 0)
        {
            OutboundLog.AckBeyondSent(_logger, clampedFrom, lastWritten);
        }
    }

    /// <summary>
    /// Switches the sender to <paramref name="newOutput"/> (a new transport of the same connection). The returned task
    /// completes once Sequence(first unacknowledged id) and every unacknowledged message have been written to it, ahead
    /// of any new message; the flush follows, so a new transport must already be reading for the replay to go out.
    /// </summary>
    /// <exception cref="InvalidOperationException">Stateful reconnect is off, or the outbound side has stopped.</exception>
    public Task ReconnectAsync(PipeWriter newOutput)
    {
        ArgumentNullException.ThrowIfNull(newOutput);
        if (!_stateful)
        {
            throw new InvalidOperationException("Stateful reconnect is not enabled for this connection.");
        }

        TaskCompletionSource reconnected;
        TaskCompletionSource? superseded;
        PipeWriter oldOutput;
        bool wake;
        lock (_lock)
        {
            if (_senderExited || _stopping)
            {
                return Task.FromException(new InvalidOperationException("The connection's outbound side has stopped; it cannot be reconnected."));
            }

            superseded = _reconnected;
            reconnected = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _reconnected = reconnected;
            _reconnectOutput = newOutput;
            oldOutput = _output;
            wake = TakeParkedSenderLocked();
        }

        superseded?.TrySetCanceled();

        // The sender may be blocked flushing into the dead transport: release it so it picks up the new one.
        oldOutput.CancelPendingFlush();
        if (wake)
        {
            WakeSender();
        }

        return reconnected.Task;
    }

    private async ValueTask ReplayAsync()
    {
        PipeWriter output;
        TaskCompletionSource? reconnected;
        Exception? failure = null;
        long sequenceId;
        int count;
        lock (_lock)
        {
            output = _reconnectOutput!;
            reconnected = _reconnected;
            _reconnectOutput = null;
            _reconnected = null;
            _output = output;
            _outputBroken = false;
            sequenceId = _replay.Count > 0 ? _replay[0].SequenceId : _nextSequenceId;
            count = _replay.Count;
            try
            {
                // Written under the lock: an Ack arriving meanwhile must not release an array being copied.
                _protocol.WriteMessage(new SequenceMessage(sequenceId), output);
                for (var i = 0; i < _replay.Count; i++)
                {
                    output.Write(_replay[i].Bytes.Span);
                }

                _lastWrittenSequenceId = _nextSequenceId - 1;
            }
            catch (Exception ex)
            {
                failure = ex;
                _outputBroken = true;
            }
        }

        if (failure is not null)
        {
            reconnected?.TrySetException(failure);
            OutboundLog.WriteFailed(_logger, _stateful, failure);
            return;
        }

        // The transport starts reading once this completes; flushing first could wait forever on a full pipe.
        reconnected?.TrySetResult();
        OutboundLog.Replayed(_logger, sequenceId, count);
        OutboundMetrics.StatefulResumes.Add(1);
        OutboundMetrics.Replayed.Add(count);
        try
        {
            var result = await output.FlushAsync().ConfigureAwait(false);
            if (result.IsCompleted)
            {
                MarkOutputBroken();
            }
        }
        catch (Exception ex)
        {
            MarkOutputBroken();
            OutboundLog.WriteFailed(_logger, _stateful, ex);
        }
    }

    private void MarkOutputBroken()
    {
        lock (_lock)
        {
            if (_reconnectOutput is null)
            {
                _outputBroken = true;
                if (!_accepting)
                {
                    _stopping = true;
                }
            }
        }
    }

    private bool ReplayHasRoomLocked(int length) => _replay.Count == 0 || _replayBytes + length <= _replayLimit;

    private void StartReplayStallLocked()
    {
        if (_replayStallStarted != 0 || !_stateful)
        {
            return;
        }

        _replayStallStarted = Stopwatch.GetTimestamp();
        _replayStallTimer ??= new Timer(static state => ((ConnectionOutbound)state!).OnReplayStallTimer(), this, Timeout.Infinite, Timeout.Infinite);
        _replayStallTimer.Change(_maxWait, Timeout.InfiniteTimeSpan);
    }

    private void OnReplayStallTimer()
    {
        TimeSpan remaining;
        long bytes;
        lock (_lock)
        {
            if (_replayStallStarted == 0 || _senderExited)
            {
                return;
            }

            remaining = _maxWait - Stopwatch.GetElapsedTime(_replayStallStarted);
            bytes = _replayBytes;
            if (remaining > TimeSpan.Zero)
            {
                // The stall that armed the timer ended and a newer one began: wait out the newer one.
                _replayStallTimer?.Change(remaining, Timeout.InfiniteTimeSpan);
                return;
            }
        }

        CloseForSlowConsumer($"slow consumer: no acknowledgement for {_maxWait.TotalSeconds:0.###} s while the stateful reconnect buffer was full ({bytes} of {_replayLimit} bytes)");
    }

    private void ReleaseReplayLocked()
    {
        while (_replay.Count > 0)
        {
            var entry = _replay.PopFront();
            entry.Release();
        }

        _replayBytes = 0;
    }
}
