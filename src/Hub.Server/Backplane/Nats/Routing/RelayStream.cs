using System.Buffers.Binary;
using System.Text;
using System.Threading.Channels;

namespace HubFramework.Server.Backplane.Nats;

/// <summary>Which side of a relay a stream is.</summary>
internal enum RelayRole
{
    /// <summary>The node the client's request reached.</summary>
    Edge,

    /// <summary>The node that owns the connection and serves the request.</summary>
    Owner,
}

/// <summary>The relay was ended (by either side, by a lost frame, a silent peer or a broken NATS link).</summary>
internal sealed class RelayAbortedException(string reason) : Exception(reason);

/// <summary>
/// One relayed request between two nodes, both directions: frames are numbered per direction (a gap ends the
/// stream: NATS core delivery is at most once) and flow-controlled by credit (a side sends at most what the other
/// granted, so a slow client or owner makes the other wait instead of overflowing NATS's buffers), and each side
/// pings when idle so a dead peer is noticed within <see cref="NatsRequestRelayOptions.PeerTimeout"/>.
/// </summary>
internal sealed class RelayStream
{
    private static readonly TimeSpan AbortSendTimeout = TimeSpan.FromSeconds(2);

    private readonly NatsRequestRelay _host;
    private readonly Channel<RelayFrame> _inbound = Channel.CreateUnbounded<RelayFrame>(new UnboundedChannelOptions { SingleReader = true, SingleWriter = true });
    private readonly SemaphoreSlim _sendLock = new(1, 1);
    private readonly CancellationTokenSource _aborted = new();
    private readonly Lock _credit = new();
    private readonly int _receiveWindow;
    private TaskCompletionSource? _creditWaiter;
    private string? _peerSubject;
    private ulong _peerId;
    private uint _sendSequence;
    private uint _receiveSequence;
    private long _sendAllowed;
    private long _sent;
    private long _receiveAllowed;
    private long _received;
    private long _consumed;
    private long _grantedAt;
    private long _lastReceived;
    private long _lastSent;
    private int _abortedFlag;

    public RelayStream(NatsRequestRelay host, ulong id, RelayRole role, int receiveWindow)
    {
        _host = host;
        Id = id;
        Role = role;
        _receiveWindow = receiveWindow;
        _receiveAllowed = receiveWindow;
        _lastReceived = _lastSent = Environment.TickCount64;
    }

    public ulong Id { get; }

    public RelayRole Role { get; }

    /// <summary>Fires when the stream is aborted, whichever side or cause.</summary>
    public CancellationToken Aborted => _aborted.Token;

    public bool IsAborted => Volatile.Read(ref _abortedFlag) != 0;

    public string? AbortReason { get; private set; }

    public bool IsConnected => Volatile.Read(ref _peerSubject) is not null;

    public long LastReceived => Volatile.Read(ref _lastReceived);

    public long LastSent => Volatile.Read(ref _lastSent);

    /// <summary>The peer is known: its node, its id for this stream, and how much it lets this side send at first.</summary>
    public void Connect(string peerNode, ulong peerId, int peerWindow)
    {
        _peerId = peerId;
        lock (_credit)
        {
            _sendAllowed = peerWindow;
        }

        Volatile.Write(ref _lastReceived, Environment.TickCount64);
        Volatile.Write(ref _peerSubject, _host.FrameSubject(peerNode));
    }

    /// <summary>A frame for this stream arrived (called from the node's single frame loop; never blocks).</summary>
    public void OnFrame(RelayFrame frame)
    {
        Volatile.Write(ref _lastReceived, Environment.TickCount64);
        if (IsAborted)
        {
            frame.Release();
            return;
        }

        if (frame.Sequence != _receiveSequence)
        {
            var expected = _receiveSequence;
            frame.Release();
            Fail(RelayFailure.LostMessage, $"a relay message was lost (expected #{expected}, got #{frame.Sequence})", notifyPeer: true);
            return;
        }

        _receiveSequence++;
        _host.CountBytes(received: frame.Length);
        switch (frame.Kind)
        {
            case RelayFrameKind.Ping:
                frame.Release();
                return;
            case RelayFrameKind.Credit:
                if (frame.Length >= 8)
                {
                    var allowed = (long)BinaryPrimitives.ReadUInt64LittleEndian(frame.Payload.Span);
                    lock (_credit)
                    {
                        _sendAllowed = Math.Max(_sendAllowed, allowed);
                        _creditWaiter?.TrySetResult();
                        _creditWaiter = null;
                    }
                }

                frame.Release();
                return;
            case RelayFrameKind.Abort:
                var reason = Encoding.UTF8.GetString(frame.Payload.Span);
                frame.Release();
                Abort("the other node ended the relay: " + (reason.Length == 0 ? "no reason given" : reason), notifyPeer: false);
                return;
        }

        bool overrun;
        lock (_credit)
        {
            _received += frame.Length;
            overrun = _received > _receiveAllowed;
        }

        if (overrun)
        {
            frame.Release();
            Fail(RelayFailure.WindowExceeded, "the other node sent more than the flow-control window allows", notifyPeer: true);
            return;
        }

        _inbound.Writer.TryWrite(frame);
        if (IsAborted)
        {
            DrainInbound();
        }
    }

    /// <summary>The next head, data or close frame; throws <see cref="RelayAbortedException"/> once the stream is aborted.</summary>
    public async ValueTask<RelayFrame> ReadAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            if (_inbound.Reader.TryRead(out var frame))
            {
                if (IsAborted)
                {
                    frame.Release();
                    break;
                }

                return frame;
            }

            if (!await _inbound.Reader.WaitToReadAsync(cancellationToken).ConfigureAwait(false))
            {
                break;
            }
        }

        throw new RelayAbortedException(AbortReason ?? "the relay ended");
    }

    /// <summary>The consumer is done with <paramref name="bytes"/> received bytes: the peer may send as many more.</summary>
    public void Consumed(int bytes)
    {
        if (bytes <= 0)
        {
            return;
        }

        long grant;
        lock (_credit)
        {
            _consumed += bytes;
            if (_consumed - _grantedAt < _receiveWindow / 2)
            {
                return;
            }

            _grantedAt = _consumed;
            _receiveAllowed = _consumed + _receiveWindow;
            grant = _receiveAllowed;
        }

        var payload = new byte[8];
        BinaryPrimitives.WriteUInt64LittleEndian(payload, (ulong)grant);
        _ = SendControlAsync(RelayFrameKind.Credit, payload);
    }

    /// <summary>Sends a head or data frame, waiting for the peer's credit first.</summary>
    public async Task SendAsync(RelayFrameKind kind, RelayFrameFlags flags, ReadOnlyMemory<byte> payload, CancellationToken cancellationToken)
    {
        // Most callers pass no token of their own: then no linked source is allocated per frame.
        using var linked = cancellationToken.CanBeCanceled ? CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _aborted.Token) : null;
        var token = linked?.Token ?? _aborted.Token;
        try
        {
            await WaitForCreditAsync(payload.Length, token).ConfigureAwait(false);
            await PublishAsync(kind, flags, payload, token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (IsAborted)
        {
            throw new RelayAbortedException(AbortReason ?? "the relay ended");
        }
    }

    /// <summary>Sends a frame that needs no credit (ping, credit, close).</summary>
    public async Task SendControlAsync(RelayFrameKind kind, ReadOnlyMemory<byte> payload)
    {
        try
        {
            await PublishAsync(kind, RelayFrameFlags.None, payload, _aborted.Token).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is OperationCanceledException or RelayAbortedException)
        {
            // Aborted meanwhile: nothing more to tell the peer.
        }
    }

    /// <summary>Ends the stream for a fault: counted and logged as a warning.</summary>
    public void Fail(RelayFailure failure, string reason, bool notifyPeer)
    {
        if (IsAborted)
        {
            return;
        }

        _host.CountFailure(failure);
        _host.OnFailed(this, reason);
        Abort(reason, notifyPeer);
    }

    /// <summary>Ends the stream; <paramref name="notifyPeer"/> tells the other node why (best effort).</summary>
    public void Abort(string reason, bool notifyPeer)
    {
        if (Interlocked.Exchange(ref _abortedFlag, 1) != 0)
        {
            return;
        }

        AbortReason = reason;
        if (notifyPeer && IsConnected)
        {
            _ = SendAbortAsync(reason);
        }

        _aborted.Cancel();
        _inbound.Writer.TryComplete();
        DrainInbound();
        lock (_credit)
        {
            _creditWaiter?.TrySetResult();
            _creditWaiter = null;
        }

        _host.OnAborted(this, reason);
    }

    private async Task SendAbortAsync(string reason)
    {
        // Taken before _aborted fires, so the abort frame gets the next sequence number after every frame sent.
        if (!await _sendLock.WaitAsync(AbortSendTimeout).ConfigureAwait(false))
        {
            return;
        }

        try
        {
            var sequence = _sendSequence++;
            using var timeout = new CancellationTokenSource(AbortSendTimeout);
            await _host.PublishAsync(_peerSubject!, new OutgoingRelayFrame(RelayFrameKind.Abort, RelayFrameFlags.None, _peerId, sequence, Encoding.UTF8.GetBytes(reason)), timeout.Token).ConfigureAwait(false);
        }
        catch (Exception)
        {
            // The peer times the stream out instead.
        }
        finally
        {
            _sendLock.Release();
        }
    }

    private async Task PublishAsync(RelayFrameKind kind, RelayFrameFlags flags, ReadOnlyMemory<byte> payload, CancellationToken cancellationToken)
    {
        await _sendLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (IsAborted)
            {
                throw new RelayAbortedException(AbortReason ?? "the relay ended");
            }

            var subject = Volatile.Read(ref _peerSubject) ?? throw new InvalidOperationException("The relay stream has no peer yet.");
            var sequence = _sendSequence++;
            try
            {
                await _host.PublishAsync(subject, new OutgoingRelayFrame(kind, flags, _peerId, sequence, payload), cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // The frame's number is spent; the peer would see a gap. End it here with the real cause instead.
                Fail(RelayFailure.PublishFailed, "publishing to NATS failed: " + ex.Message, notifyPeer: false);
                throw new RelayAbortedException(AbortReason!);
            }

            Volatile.Write(ref _lastSent, Environment.TickCount64);
            _host.CountBytes(sent: payload.Length);
        }
        finally
        {
            _sendLock.Release();
        }
    }

    private async Task WaitForCreditAsync(int bytes, CancellationToken cancellationToken)
    {
        while (true)
        {
            Task wait;
            lock (_credit)
            {
                if (IsAborted)
                {
                    throw new RelayAbortedException(AbortReason ?? "the relay ended");
                }

                if (_sent + bytes <= _sendAllowed)
                {
                    _sent += bytes;
                    return;
                }

                _creditWaiter ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                wait = _creditWaiter.Task;
            }

            await wait.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    private void DrainInbound()
    {
        while (_inbound.Reader.TryRead(out var frame))
        {
            frame.Release();
        }
    }
}
