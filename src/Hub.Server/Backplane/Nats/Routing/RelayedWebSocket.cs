using System.Net.WebSockets;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace HubFramework.Server.Backplane.Nats;

/// <summary>
/// The owner's view of a client WebSocket that reached another node: messages and closes travel as relay frames,
/// so the owner's WebSocket transport (stateful reconnect included) runs unchanged on it.
/// </summary>
internal sealed class RelayedWebSocket : WebSocket
{
    private readonly RelayStream _stream;
    private readonly int _chunkSize;
    private readonly SemaphoreSlim _sendLock = new(1, 1);
    private RelayFrame? _current;
    private int _offset;
    private int _state = (int)WebSocketState.Open;
    private WebSocketCloseStatus? _closeStatus;
    private string? _closeDescription;

    public RelayedWebSocket(RelayStream stream, string? subProtocol, int chunkSize)
    {
        _stream = stream;
        SubProtocol = subProtocol;
        _chunkSize = chunkSize;
    }

    public override WebSocketCloseStatus? CloseStatus => _closeStatus;

    public override string? CloseStatusDescription => _closeDescription;

    public override WebSocketState State => (WebSocketState)Volatile.Read(ref _state);

    public override string? SubProtocol { get; }

    public override void Abort()
    {
        var previous = (WebSocketState)Interlocked.Exchange(ref _state, (int)WebSocketState.Aborted);
        if (previous is not (WebSocketState.Closed or WebSocketState.Aborted))
        {
            _stream.Abort("the owner aborted the WebSocket", notifyPeer: true);
        }
    }

    public override async Task CloseAsync(WebSocketCloseStatus closeStatus, string? statusDescription, CancellationToken cancellationToken)
    {
        await CloseOutputAsync(closeStatus, statusDescription, cancellationToken).ConfigureAwait(false);
        var discard = new byte[1024];
        while (State == WebSocketState.CloseSent)
        {
            await ReceiveAsync(discard.AsMemory(), cancellationToken).ConfigureAwait(false);
        }
    }

    public override async Task CloseOutputAsync(WebSocketCloseStatus closeStatus, string? statusDescription, CancellationToken cancellationToken)
    {
        if (State is not (WebSocketState.Open or WebSocketState.CloseReceived))
        {
            throw new WebSocketException(WebSocketError.InvalidState, $"The WebSocket is {State}.");
        }

        try
        {
            await _stream.SendControlAsync(RelayFrameKind.Close, RelayedRequestForwarder.EncodeClose(closeStatus, statusDescription)).WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (RelayAbortedException ex)
        {
            throw new WebSocketException(WebSocketError.ConnectionClosedPrematurely, ex.Message, ex);
        }

        Interlocked.CompareExchange(ref _state, (int)WebSocketState.Closed, (int)WebSocketState.CloseReceived);
        Interlocked.CompareExchange(ref _state, (int)WebSocketState.CloseSent, (int)WebSocketState.Open);
    }

    public override void Dispose()
    {
        if (State is not (WebSocketState.Closed or WebSocketState.Aborted))
        {
            Abort();
        }

        _current?.Release();
        _current = null;
    }

    public override async Task<WebSocketReceiveResult> ReceiveAsync(ArraySegment<byte> buffer, CancellationToken cancellationToken)
    {
        var result = await ReceiveAsync(buffer.AsMemory(), cancellationToken).ConfigureAwait(false);
        return result.MessageType == WebSocketMessageType.Close
            ? new WebSocketReceiveResult(0, WebSocketMessageType.Close, true, _closeStatus, _closeDescription)
            : new WebSocketReceiveResult(result.Count, result.MessageType, result.EndOfMessage);
    }

    public override async ValueTask<ValueWebSocketReceiveResult> ReceiveAsync(Memory<byte> buffer, CancellationToken cancellationToken)
    {
        while (true)
        {
            if (_current is null)
            {
                if (State is WebSocketState.Aborted or WebSocketState.Closed or WebSocketState.CloseReceived)
                {
                    throw new WebSocketException(WebSocketError.InvalidState, $"The WebSocket is {State}.");
                }

                try
                {
                    _current = await _stream.ReadAsync(cancellationToken).ConfigureAwait(false);
                }
                catch (RelayAbortedException ex)
                {
                    Interlocked.Exchange(ref _state, (int)WebSocketState.Aborted);
                    throw new WebSocketException(WebSocketError.ConnectionClosedPrematurely, ex.Message, ex);
                }

                _offset = 0;
            }

            var frame = _current;
            if (frame.Kind == RelayFrameKind.Close)
            {
                (_closeStatus, _closeDescription) = RelayedRequestForwarder.DecodeClose(frame.Payload.Span);
                Release(frame);
                Interlocked.CompareExchange(ref _state, (int)WebSocketState.Closed, (int)WebSocketState.CloseSent);
                Interlocked.CompareExchange(ref _state, (int)WebSocketState.CloseReceived, (int)WebSocketState.Open);
                return new ValueWebSocketReceiveResult(0, WebSocketMessageType.Close, true);
            }

            if (frame.Kind != RelayFrameKind.Data || frame.IsEnd)
            {
                Release(frame);
                _stream.Abort("the edge sent an unexpected relay frame on a WebSocket", notifyPeer: true);
                Interlocked.Exchange(ref _state, (int)WebSocketState.Aborted);
                throw new WebSocketException(WebSocketError.ConnectionClosedPrematurely, "The relayed WebSocket was malformed.");
            }

            var type = (frame.Flags & RelayFrameFlags.Binary) != 0 ? WebSocketMessageType.Binary : WebSocketMessageType.Text;
            var endOfMessage = (frame.Flags & RelayFrameFlags.EndOfMessage) != 0;
            var remaining = frame.Length - _offset;
            if (buffer.IsEmpty)
            {
                // A zero-byte read only waits for data, like a socket's; an empty final part is consumed by it.
                if (remaining == 0 && endOfMessage)
                {
                    Release(frame);
                    return new ValueWebSocketReceiveResult(0, type, true);
                }

                if (remaining == 0)
                {
                    Release(frame);
                    continue;
                }

                return new ValueWebSocketReceiveResult(0, type, false);
            }

            var take = Math.Min(buffer.Length, remaining);
            frame.Payload.Span.Slice(_offset, take).CopyTo(buffer.Span);
            _offset += take;
            var last = _offset == frame.Length;
            if (last)
            {
                Release(frame);
            }

            if (take == 0 && !endOfMessage)
            {
                continue;
            }

            return new ValueWebSocketReceiveResult(take, type, last && endOfMessage);
        }
    }

    public override Task SendAsync(ArraySegment<byte> buffer, WebSocketMessageType messageType, bool endOfMessage, CancellationToken cancellationToken)
        => SendAsync(buffer.AsMemory(), messageType, endOfMessage, cancellationToken).AsTask();

    public override async ValueTask SendAsync(ReadOnlyMemory<byte> buffer, WebSocketMessageType messageType, bool endOfMessage, CancellationToken cancellationToken)
    {
        if (messageType == WebSocketMessageType.Close)
        {
            throw new ArgumentException("Use CloseOutputAsync to close.", nameof(messageType));
        }

        if (State is not (WebSocketState.Open or WebSocketState.CloseReceived))
        {
            throw new WebSocketException(WebSocketError.InvalidState, $"The WebSocket is {State}.");
        }

        var binary = messageType == WebSocketMessageType.Binary ? RelayFrameFlags.Binary : RelayFrameFlags.None;
        await _sendLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var offset = 0;
            do
            {
                var take = Math.Min(_chunkSize, buffer.Length - offset);
                var last = offset + take == buffer.Length;
                var flags = binary | (last && endOfMessage ? RelayFrameFlags.EndOfMessage : RelayFrameFlags.None);
                await _stream.SendAsync(RelayFrameKind.Data, flags, buffer.Slice(offset, take), cancellationToken).ConfigureAwait(false);
                offset += take;
            }
            while (offset < buffer.Length);
        }
        catch (RelayAbortedException ex)
        {
            Interlocked.Exchange(ref _state, (int)WebSocketState.Aborted);
            throw new WebSocketException(WebSocketError.ConnectionClosedPrematurely, ex.Message, ex);
        }
        finally
        {
            _sendLock.Release();
        }
    }

    private void Release(RelayFrame frame)
    {
        _stream.Consumed(frame.Length);
        frame.Release();
        _current = null;
    }
}

/// <summary>Makes a relayed request a WebSocket request on the owner; accepting it answers the edge with 101.</summary>
internal sealed class RelayedWebSocketFeature(RelayStream stream, RelayedResponse response, IReadOnlyList<string> requestedProtocols, int chunkSize) : IHttpWebSocketFeature
{
    public bool IsWebSocketRequest => true;

    public IReadOnlyList<string> RequestedProtocols => requestedProtocols;

    public async Task<WebSocket> AcceptAsync(WebSocketAcceptContext context)
    {
        response.StatusCode = StatusCodes.Status101SwitchingProtocols;
        if (context.SubProtocol is { } subProtocol)
        {
            response.Headers[Microsoft.Net.Http.Headers.HeaderNames.SecWebSocketProtocol] = subProtocol;
        }

        await response.StartAsync().ConfigureAwait(false);
        return new RelayedWebSocket(stream, context.SubProtocol, chunkSize);
    }
}
