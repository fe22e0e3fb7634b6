using System.Buffers;
using System.IO.Pipelines;

namespace HubFramework.Server.Hubs.Outbound;

/// <summary>
/// The idle-connection fast path: when nothing is queued and the sender loop is parked, the sending thread writes the
/// frame straight into the transport and flushes it — no queueing, no thread hop. If that flush cannot complete at
/// once (the transport is behind), it is handed to the sender loop to await, so the sending thread still never waits
/// for a socket, and everything sent meanwhile queues behind it as usual.
/// </summary>
internal sealed partial class ConnectionOutbound
{
    // A sending thread owns the transport's writer (writing inline, or its flush handed to the sender loop).
    private bool _inlineWriting;

    // An inline write's flush that did not complete at once, for the sender loop to await; bytes -1 when none.
    private ValueTask<FlushResult> _handedFlush;
    private long _handedFlushBytes = -1;

    private bool CanWriteInlineLocked(in OutboundEntry entry)
        => _senderParked
            && !_inlineWriting
            && _queue.Count == 0
            && _pendingCount == 0
            && !_outputBroken
            && !_stopping
            && _reconnectOutput is null

            // With stateful reconnect the replay buffer shares the bytes: only immutable (broadcast) bytes may be
            // written outside the sender, never a pooled array an acknowledgement could release mid-write.
            && (!_stateful || !entry.Sequenced || (entry.Rented is null && ReplayHasRoomLocked(entry.Length)));

    private void ClaimInlineLocked(ref OutboundEntry entry)
    {
        _inlineWriting = true;
        _pendingBytes += entry.Length;
        _pendingCount++;
        if (entry.Sequenced && _stateful)
        {
            entry.SequenceId = _nextSequenceId++;
            _replay.PushBack(entry);
            _replayBytes += entry.Length;
        }
    }

    /// <summary>Writes a claimed entry to <paramref name="output"/> and flushes; releases the entry's pooled array.</summary>
    private void WriteInline(ref OutboundEntry entry, PipeWriter output)
    {
        var length = entry.Length;
        var sequenceId = entry.SequenceId;
        ValueTask<FlushResult> flush = default;
        Exception? failure = null;
        try
        {
            output.Write(entry.Bytes.Span);
            Volatile.Write(ref _lastWriteTimestamp, Environment.TickCount64);
            if (sequenceId > 0)
            {
                lock (_lock)
                {
                    _lastWrittenSequenceId = Math.Max(_lastWrittenSequenceId, sequenceId);
                }
            }

            flush = output.FlushAsync();
        }
        catch (Exception ex)
        {
            failure = ex;
        }
        finally
        {
            // The bytes were copied into the transport. (A replayable entry has no pooled array: see CanWriteInlineLocked.)
            entry.Release();
        }

        if (failure is null && !flush.IsCompleted)
        {
            bool wake;
            lock (_lock)
            {
                _handedFlush = flush;
                _handedFlushBytes = length;
                wake = TakeParkedSenderLocked();
            }

            if (wake)
            {
                WakeSender();
            }

            return;
        }

        var transportCompleted = false;
        if (failure is null)
        {
            try
            {
                transportCompleted = flush.Result.IsCompleted;
            }
            catch (Exception ex)
            {
                failure = ex;
            }
        }

        CompleteWrite(1, length, failure, transportCompleted, inline: true);
    }

    private async ValueTask AwaitHandedFlushAsync(ValueTask<FlushResult> flush, long bytes)
    {
        Exception? failure = null;
        var transportCompleted = false;
        try
        {
            transportCompleted = (await flush.ConfigureAwait(false)).IsCompleted;
        }
        catch (Exception ex)
        {
            failure = ex;
        }

        CompleteWrite(1, bytes, failure, transportCompleted, inline: true);
    }
}
