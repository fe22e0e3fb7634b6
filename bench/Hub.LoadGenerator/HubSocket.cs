using System.Net.WebSockets;
using System.Text;

namespace HubFramework.LoadGenerator;

/// <summary>
/// One raw WebSocket connection speaking a SignalR hub protocol (<see cref="WireProtocol"/>): it connects,
/// handshakes, sends pre-encoded frames and splits received bytes into records (at the 0x1E separator for JSON,
/// by length prefix for MessagePack). No hub client library is involved,
/// so both servers are measured through exactly the same code.
/// </summary>
internal sealed class HubSocket : IAsyncDisposable
{
    public const byte RecordSeparator = 0x1E;
    private const int MaxBufferBytes = 4 << 20;

    private readonly ClientWebSocket _socket;
    private readonly WireProtocol _protocol;
    private byte[] _buffer;
    private int _start;
    private int _end;

    private HubSocket(ClientWebSocket socket, int bufferBytes, WireProtocol protocol)
    {
        _socket = socket;
        _protocol = protocol;
        _buffer = new byte[bufferBytes];
    }

    public WebSocketState State => _socket.State;

    /// <summary>Negotiates (unless told not to), opens the WebSocket and completes the handshake (always JSON text).</summary>
    public static async Task<HubSocket> ConnectAsync(HubEndpoint endpoint, bool smallReceiveBuffer, int bufferBytes, CancellationToken cancellationToken)
    {
        var webSocketUri = await endpoint.ResolveWebSocketUriAsync(cancellationToken).ConfigureAwait(false);
        var socket = new ClientWebSocket();
        // Hub-level pings keep the connection alive; WebSocket pings would only add traffic the server never asked for.
        socket.Options.KeepAliveInterval = TimeSpan.Zero;
        var hub = new HubSocket(socket, bufferBytes, endpoint.Protocol);
        try
        {
            await socket.ConnectAsync(webSocketUri, endpoint.Invoker(smallReceiveBuffer), cancellationToken).ConfigureAwait(false);
            await socket.SendAsync(endpoint.Protocol.HandshakeFrame, WebSocketMessageType.Text, endOfMessage: true, cancellationToken).ConfigureAwait(false);
            await hub.ReadHandshakeResponseAsync(cancellationToken).ConfigureAwait(false);
            return hub;
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    public ValueTask SendAsync(ReadOnlyMemory<byte> frame, CancellationToken cancellationToken) =>
        _socket.SendAsync(frame, _protocol.MessageType, endOfMessage: true, cancellationToken);

    public ValueTask SendPingAsync(CancellationToken cancellationToken) => SendAsync(_protocol.PingFrame, cancellationToken);

    /// <summary>
    /// Reads until the server closes or cancellation, handing every complete record (without its separator) to the sink.
    /// Returns normally when the socket closes; cancellation ends it with <see cref="OperationCanceledException"/>.
    /// </summary>
    public async Task ReceiveAsync(RecordSink sink, CancellationToken cancellationToken)
    {
        DeliverBuffered(sink);
        await sink.AfterRecordsAsync(this, cancellationToken).ConfigureAwait(false);
        while (true)
        {
            if (!await FillAsync(cancellationToken).ConfigureAwait(false))
            {
                sink.OnClosed();
                return;
            }

            DeliverBuffered(sink);
            await sink.AfterRecordsAsync(this, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Reads records into the sink until it says it is done; for set-up steps such as joining a group.</summary>
    public async Task ReceiveUntilAsync(RecordSink sink, Func<bool> done, CancellationToken cancellationToken)
    {
        DeliverBuffered(sink);
        while (!done())
        {
            if (!await FillAsync(cancellationToken).ConfigureAwait(false))
            {
                throw new InvalidOperationException("the server closed the connection during set-up");
            }

            DeliverBuffered(sink);
        }
    }

    /// <summary>Closes politely but never waits longer than the token allows, then releases the socket.</summary>
    public async ValueTask CloseAsync(CancellationToken cancellationToken)
    {
        try
        {
            if (_socket.State == WebSocketState.Open)
            {
                await _socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException or ObjectDisposedException)
        {
            // The run is over; a connection the server already dropped is not an error worth reporting here.
        }
        finally
        {
            _socket.Dispose();
        }
    }

    public ValueTask DisposeAsync()
    {
        _socket.Dispose();
        return ValueTask.CompletedTask;
    }

    private async Task ReadHandshakeResponseAsync(CancellationToken cancellationToken)
    {
        while (Array.IndexOf(_buffer, RecordSeparator, _start, _end - _start) < 0)
        {
            if (!await FillAsync(cancellationToken).ConfigureAwait(false))
            {
                throw new InvalidOperationException("the server closed the connection during the handshake");
            }
        }

        var end = Array.IndexOf(_buffer, RecordSeparator, _start, _end - _start);
        var response = _buffer.AsSpan(_start, end - _start);
        if (response.IndexOf("\"error\""u8) >= 0)
        {
            throw new InvalidOperationException("handshake rejected: " + Encoding.UTF8.GetString(response));
        }

        _start = end + 1;
    }

    private async ValueTask<bool> FillAsync(CancellationToken cancellationToken)
    {
        MakeRoom();
        var result = await _socket.ReceiveAsync(_buffer.AsMemory(_end), cancellationToken).ConfigureAwait(false);
        if (result.MessageType == WebSocketMessageType.Close)
        {
            return false;
        }

        _end += result.Count;
        return true;
    }

    private void MakeRoom()
    {
        if (_start == _end)
        {
            _start = _end = 0;
            return;
        }

        if (_buffer.Length - _end >= _buffer.Length / 4)
        {
            return;
        }

        var pending = _end - _start;
        if (pending > _buffer.Length / 2)
        {
            // A record larger than the buffer: grow, bounded so a broken server cannot exhaust the generator.
            if (_buffer.Length * 2 > MaxBufferBytes)
            {
                throw new InvalidOperationException($"a record exceeded {MaxBufferBytes} bytes");
            }

            var larger = new byte[_buffer.Length * 2];
            Buffer.BlockCopy(_buffer, _start, larger, 0, pending);
            _buffer = larger;
        }
        else
        {
            Buffer.BlockCopy(_buffer, _start, _buffer, 0, pending);
        }

        _start = 0;
        _end = pending;
    }

    private void DeliverBuffered(RecordSink sink)
    {
        var span = _buffer.AsSpan(_start, _end - _start);
        var consumed = 0;
        while (_protocol.TryReadRecord(span[consumed..], out var start, out var length, out var used))
        {
            sink.OnRecord(span.Slice(consumed + start, length));
            consumed += used;
        }

        _start += consumed;
    }
}
