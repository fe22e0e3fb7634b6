using System.Buffers;
using System.Buffers.Binary;
using System.Net.WebSockets;
using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.Net.Http.Headers;

namespace HubFramework.Server.Backplane.Nats;

/// <summary>
/// The edge side of a relay: forwards one client request to the owning node and relays the answer back (the
/// response head and body as they come, which carries event streams and polls; or, once the owner accepted a
/// WebSocket, frames both ways).
/// </summary>
internal sealed class RelayedRequestForwarder
{
    private static readonly TimeSpan CloseTimeout = TimeSpan.FromSeconds(2);

    private readonly NatsRequestRelay _relay;
    private readonly HttpContext _context;
    private readonly string _endpoint;
    private readonly string _owner;

    public RelayedRequestForwarder(NatsRequestRelay relay, HttpContext context, string endpoint, string owner)
    {
        _relay = relay;
        _context = context;
        _endpoint = endpoint;
        _owner = owner;
    }

    public async Task ForwardAsync()
    {
        var kind = KindOf(_context);
        if (!_relay.TryEnter(RelayRole.Edge))
        {
            await AnswerAsync(StatusCodes.Status503ServiceUnavailable, "This node is relaying too many requests.").ConfigureAwait(false);
            return;
        }

        var stream = _relay.CreateStream(RelayRole.Edge);
        _relay.Metrics.Started(RelayRole.Edge, kind);
        RelayLog.Relaying(_relay.Logger, kind, _endpoint, _owner);
        using var uploadStop = new CancellationTokenSource();
        Task? upload = null;
        try
        {
            var aborted = _context.RequestAborted;
            var head = RelayRequestHead.FromRequest(_context, _endpoint);
            head.EdgeNode = _relay.NodeId;
            head.EdgeStream = stream.Id;
            head.Window = _relay.Options.WindowSize;
            var message = new ArrayBufferWriter<byte>(1024);
            head.Write(message);
            var room = _relay.MaxPayload - message.WrittenCount - 64;
            if (room < 1)
            {
                _relay.CountFailure(RelayFailure.HeadTooLarge);
                RelayLog.HeadTooLarge(_relay.Logger, _endpoint, _relay.MaxPayload);
                await AnswerAsync(StatusCodes.Status431RequestHeaderFieldsTooLarge, "The request's headers are too large to relay to the node that owns this connection.").ConfigureAwait(false);
                return;
            }

            var complete = true;
            var chunk = _relay.ChunkSize;
            if (HttpMethods.IsPost(_context.Request.Method) && !head.WebSocket)
            {
                // The first bytes ride in the open message: a typical send is one NATS request and one reply.
                var reader = _context.Request.BodyReader;
                var read = await reader.ReadAsync(aborted).ConfigureAwait(false);
                var buffer = read.Buffer;
                var take = buffer.Slice(0, Math.Min(buffer.Length, Math.Min(room, chunk)));
                complete = read.IsCompleted && take.Length == buffer.Length;
                message.Write([complete ? (byte)1 : (byte)0]);
                foreach (var segment in take)
                {
                    message.Write(segment.Span);
                }

                reader.AdvanceTo(take.End);
            }
            else
            {
                message.Write([(byte)1]);
            }

            var opened = await _relay.OpenAsync(_owner, message.WrittenMemory, aborted).ConfigureAwait(false);
            if (!opened.Accepted)
            {
                await AnswerAsync(opened.Status, opened.Reason).ConfigureAwait(false);
                return;
            }

            stream.Connect(_owner, opened.OwnerStream, opened.Window);
            chunk = Math.Min(chunk, opened.Window);
            if (!complete)
            {
                upload = UploadAsync(stream, chunk, uploadStop.Token);
            }

            var first = await ReadAsync(stream).ConfigureAwait(false);
            if (first is null)
            {
                return;
            }

            if (head.WebSocket && first.Kind == RelayFrameKind.Head
                && RelayResponseHead.TryParse(first.Payload.Span, out var status, out var headers, out _)
                && status == StatusCodes.Status101SwitchingProtocols)
            {
                var subProtocol = headers.FirstOrDefault(h => string.Equals(h.Key, HeaderNames.SecWebSocketProtocol, StringComparison.OrdinalIgnoreCase)).Value.ToString();
                first.Release();
                await RelayWebSocketAsync(stream, string.IsNullOrEmpty(subProtocol) ? null : subProtocol, chunk).ConfigureAwait(false);
                return;
            }

            await RelayResponseAsync(stream, first).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (_context.RequestAborted.IsCancellationRequested)
        {
            stream.Abort("the client went away", notifyPeer: true);
        }
        catch (BadHttpRequestException ex)
        {
            stream.Abort("the client's request body could not be read", notifyPeer: true);
            await AnswerAsync(ex.StatusCode, "The request body could not be read.").ConfigureAwait(false);
        }
        catch (IOException)
        {
            stream.Abort("the client went away", notifyPeer: true);
        }
        finally
        {
            await uploadStop.CancelAsync().ConfigureAwait(false);
            if (upload is not null)
            {
                await upload.ConfigureAwait(false);
            }

            _relay.Remove(stream);
            _relay.Exit(RelayRole.Edge);
            _relay.Metrics.Ended(RelayRole.Edge);
        }
    }

    /// <summary>Relays the response: head, then body frames, each flushed to the client as it arrives.</summary>
    private async Task RelayResponseAsync(RelayStream stream, RelayFrame? frame)
    {
        var response = _context.Response;
        var aborted = _context.RequestAborted;
        var headSeen = false;
        while (true)
        {
            frame ??= await ReadAsync(stream).ConfigureAwait(false);
            if (frame is null)
            {
                return;
            }

            try
            {
                var payload = frame.Payload;
                if (frame.Kind == RelayFrameKind.Head && !headSeen)
                {
                    if (!RelayResponseHead.TryParse(payload.Span, out var status, out var headers, out var bodyOffset) || status == StatusCodes.Status101SwitchingProtocols)
                    {
                        await MalformedAsync(stream).ConfigureAwait(false);
                        return;
                    }

                    headSeen = true;
                    response.StatusCode = status;
                    foreach (var (name, value) in headers)
                    {
                        response.Headers[name] = value;
                    }

                    payload = payload[bodyOffset..];
                }
                else if (frame.Kind != RelayFrameKind.Data || !headSeen)
                {
                    await MalformedAsync(stream).ConfigureAwait(false);
                    return;
                }

                if (!payload.IsEmpty)
                {
                    await response.BodyWriter.WriteAsync(payload, aborted).ConfigureAwait(false);
                }

                if (frame.IsEnd)
                {
                    return;
                }

                await response.BodyWriter.FlushAsync(aborted).ConfigureAwait(false);
            }
            finally
            {
                stream.Consumed(frame.Length);
                frame.Release();
                frame = null;
            }
        }
    }

    private async Task RelayWebSocketAsync(RelayStream stream, string? subProtocol, int chunk)
    {
        WebSocket socket;
        try
        {
            socket = await _context.WebSockets.AcceptWebSocketAsync(subProtocol).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            stream.Abort("the client's WebSocket upgrade failed", notifyPeer: true);
            return;
        }

        using (socket)
        using (stream.Aborted.Register(static s => ((WebSocket)s!).Abort(), socket, useSynchronizationContext: false))
        {
            var toOwner = ClientToOwnerAsync(socket, stream, chunk);
            await OwnerToClientAsync(socket, stream).ConfigureAwait(false);
            if (socket.State != WebSocketState.Closed)
            {
                socket.Abort();
            }

            await toOwner.ConfigureAwait(false);
        }
    }

    private static async Task ClientToOwnerAsync(WebSocket socket, RelayStream stream, int chunk)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(chunk);
        try
        {
            while (true)
            {
                var received = await socket.ReceiveAsync(buffer.AsMemory(0, chunk), CancellationToken.None).ConfigureAwait(false);
                if (received.MessageType == WebSocketMessageType.Close)
                {
                    await stream.SendControlAsync(RelayFrameKind.Close, EncodeClose(socket.CloseStatus, socket.CloseStatusDescription)).ConfigureAwait(false);
                    return;
                }

                var flags = (received.MessageType == WebSocketMessageType.Binary ? RelayFrameFlags.Binary : RelayFrameFlags.None)
                    | (received.EndOfMessage ? RelayFrameFlags.EndOfMessage : RelayFrameFlags.None);
                await stream.SendAsync(RelayFrameKind.Data, flags, buffer.AsMemory(0, received.Count), CancellationToken.None).ConfigureAwait(false);
            }
        }
        catch (RelayAbortedException)
        {
            // The owner side ended; the other pump closes the client's socket.
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException or IOException or ObjectDisposedException)
        {
            stream.Abort("the client's WebSocket was lost", notifyPeer: true);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private static async Task OwnerToClientAsync(WebSocket socket, RelayStream stream)
    {
        while (true)
        {
            RelayFrame frame;
            try
            {
                frame = await stream.ReadAsync(CancellationToken.None).ConfigureAwait(false);
            }
            catch (RelayAbortedException ex)
            {
                await CloseClientAsync(socket, WebSocketCloseStatus.InternalServerError, Truncate("Relay to the node owning this connection failed: " + ex.Message)).ConfigureAwait(false);
                return;
            }

            try
            {
                switch (frame.Kind)
                {
                    case RelayFrameKind.Data when frame.IsEnd:
                        return;
                    case RelayFrameKind.Data:
                        var type = (frame.Flags & RelayFrameFlags.Binary) != 0 ? WebSocketMessageType.Binary : WebSocketMessageType.Text;
                        await socket.SendAsync(frame.Payload, type, (frame.Flags & RelayFrameFlags.EndOfMessage) != 0, CancellationToken.None).ConfigureAwait(false);
                        break;
                    case RelayFrameKind.Close:
                        var (status, description) = DecodeClose(frame.Payload.Span);
                        await CloseClientAsync(socket, status, description).ConfigureAwait(false);
                        break;
                    default:
                        stream.Abort("the owner sent an unexpected relay frame", notifyPeer: true);
                        return;
                }
            }
            catch (Exception ex) when (ex is WebSocketException or OperationCanceledException or IOException or ObjectDisposedException)
            {
                stream.Abort("the client's WebSocket was lost", notifyPeer: true);
                return;
            }
            finally
            {
                stream.Consumed(frame.Length);
                frame.Release();
            }
        }
    }

    private static async Task CloseClientAsync(WebSocket socket, WebSocketCloseStatus status, string? description)
    {
        if (socket.State is not (WebSocketState.Open or WebSocketState.CloseReceived))
        {
            return;
        }

        using var timeout = new CancellationTokenSource(CloseTimeout);
        try
        {
            await socket.CloseOutputAsync(status, description, timeout.Token).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException or IOException or ObjectDisposedException)
        {
            socket.Abort();
        }
    }

    internal static byte[] EncodeClose(WebSocketCloseStatus? status, string? description)
    {
        var text = description ?? string.Empty;
        var payload = new byte[2 + Encoding.UTF8.GetByteCount(text)];
        BinaryPrimitives.WriteUInt16LittleEndian(payload, (ushort)(status ?? WebSocketCloseStatus.Empty));
        Encoding.UTF8.GetBytes(text, payload.AsSpan(2));
        return payload;
    }

    internal static (WebSocketCloseStatus Status, string? Description) DecodeClose(ReadOnlySpan<byte> payload)
    {
        if (payload.Length < 2)
        {
            return (WebSocketCloseStatus.Empty, null);
        }

        var description = payload.Length > 2 ? Encoding.UTF8.GetString(payload[2..]) : null;
        return ((WebSocketCloseStatus)BinaryPrimitives.ReadUInt16LittleEndian(payload), description);
    }

    private async Task UploadAsync(RelayStream stream, int chunk, CancellationToken stop)
    {
        var reader = _context.Request.BodyReader;
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(stop, _context.RequestAborted);
        byte[]? copy = null;
        try
        {
            while (true)
            {
                var read = await reader.ReadAsync(cancel.Token).ConfigureAwait(false);
                var buffer = read.Buffer;
                while (!buffer.IsEmpty)
                {
                    var piece = buffer.Slice(0, Math.Min(buffer.Length, chunk));
                    ReadOnlyMemory<byte> bytes;
                    if (piece.IsSingleSegment)
                    {
                        bytes = piece.First;
                    }
                    else
                    {
                        copy ??= ArrayPool<byte>.Shared.Rent(chunk);
                        piece.CopyTo(copy);
                        bytes = copy.AsMemory(0, (int)piece.Length);
                    }

                    await stream.SendAsync(RelayFrameKind.Data, RelayFrameFlags.None, bytes, cancel.Token).ConfigureAwait(false);
                    buffer = buffer.Slice(piece.End);
                }

                reader.AdvanceTo(read.Buffer.End);
                if (read.IsCompleted)
                {
                    await stream.SendAsync(RelayFrameKind.Data, RelayFrameFlags.End, ReadOnlyMemory<byte>.Empty, cancel.Token).ConfigureAwait(false);
                    return;
                }
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or RelayAbortedException or IOException or BadHttpRequestException)
        {
            if (!stop.IsCancellationRequested)
            {
                stream.Abort("the client's request body could not be read", notifyPeer: true);
            }
        }
        finally
        {
            if (copy is not null)
            {
                ArrayPool<byte>.Shared.Return(copy);
            }
        }
    }

    /// <summary>The next frame; null (the client answered) when the relay was aborted.</summary>
    private async Task<RelayFrame?> ReadAsync(RelayStream stream)
    {
        try
        {
            return await stream.ReadAsync(_context.RequestAborted).ConfigureAwait(false);
        }
        catch (RelayAbortedException ex)
        {
            if (_context.Response.HasStarted)
            {
                _context.Abort();
            }
            else
            {
                await AnswerAsync(StatusCodes.Status503ServiceUnavailable, "Relay to the node owning this connection failed: " + ex.Message).ConfigureAwait(false);
            }

            return null;
        }
    }

    private async Task MalformedAsync(RelayStream stream)
    {
        _relay.CountFailure(RelayFailure.Malformed);
        stream.Abort("the owner sent a malformed response", notifyPeer: true);
        if (_context.Response.HasStarted)
        {
            _context.Abort();
        }
        else
        {
            await AnswerAsync(StatusCodes.Status502BadGateway, "The node owning this connection sent a malformed response.").ConfigureAwait(false);
        }
    }

    private async Task AnswerAsync(int status, string reason)
    {
        var response = _context.Response;
        if (response.HasStarted)
        {
            return;
        }

        response.StatusCode = status;
        response.ContentType = "text/plain";
        try
        {
            await response.WriteAsync(reason, _context.RequestAborted).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is OperationCanceledException or IOException)
        {
            // The client went away.
        }
    }

    private static string Truncate(string reason) => Encoding.UTF8.GetByteCount(reason) <= 123 ? reason : reason[..Math.Min(reason.Length, 60)];

    private static string KindOf(HttpContext context)
    {
        if (context.WebSockets.IsWebSocketRequest)
        {
            return "websocket";
        }

        var method = context.Request.Method;
        if (HttpMethods.IsPost(method))
        {
            return "send";
        }

        if (HttpMethods.IsDelete(method))
        {
            return "delete";
        }

        return context.Request.Headers.Accept.ToString().Contains("text/event-stream", StringComparison.OrdinalIgnoreCase) ? "sse" : "poll";
    }
}
