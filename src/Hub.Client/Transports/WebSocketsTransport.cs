using System.Buffers;
using System.IO.Pipelines;
using System.Net;
using System.Net.WebSockets;
using HubFramework.Protocol;
using Microsoft.Extensions.Logging;

namespace HubFramework.Client.Transports;

/// <summary>
/// Full-duplex transport over one WebSocket. Each chunk the connection flushes goes out as one WebSocket message
/// (text frames for the text transfer format, binary otherwise); received frames are copied into the input pipe
/// as they arrive, since the hub protocol delimits messages itself.
/// </summary>
internal sealed class WebSocketsTransport : IClientTransport
{
    private readonly TransportSettings _context;
    private readonly ILogger _logger;
    private readonly CancellationTokenSource _aborted = new();
    private ClientWebSocket? _webSocket;
    private DuplexPipe? _transport;
    private DuplexPipe? _application;
    private WebSocketMessageType _messageType;
    private Task _running = Task.CompletedTask;
    private volatile Exception? _sendError;

    public WebSocketsTransport(TransportSettings context, ILogger logger)
    {
        _context = context;
        _logger = logger;
    }

    public IDuplexPipe Application => _application ?? throw new InvalidOperationException("The transport is not started.");

    /// <summary>The HTTP status of a failed upgrade (for example 404 when the server forgot the connection), if any.</summary>
    public HttpStatusCode? FailedUpgradeStatus { get; private set; }

    public async Task StartAsync(Uri url, TransferFormat transferFormat, CancellationToken cancellationToken)
    {
        _messageType = transferFormat == TransferFormat.Binary ? WebSocketMessageType.Binary : WebSocketMessageType.Text;
        var webSocket = new ClientWebSocket();
        webSocket.Options.CollectHttpResponseDetails = true;
        _context.WebSocketConfiguration?.Invoke(webSocket.Options);

        var wsUrl = ToWebSocketScheme(url);
        TransportLog.StartingWebSocket(_logger, SecretRedaction.Redact(wsUrl));
        try
        {
            await webSocket.ConnectAsync(wsUrl, _context.WebSocketInvoker, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            if (webSocket.HttpStatusCode != 0)
            {
                FailedUpgradeStatus = webSocket.HttpStatusCode;
            }

            webSocket.Dispose();
            throw new WebSocketException(
                WebSocketError.NotAWebSocket,
                FailedUpgradeStatus is { } status
                    ? $"The WebSocket upgrade was refused: the server answered {(int)status} {status}."
                    : $"The WebSocket could not connect: {ex.Message}",
                ex);
        }

        _webSocket = webSocket;
        (_transport, _application) = DuplexPipe.CreatePair(_context.ReceivePipeOptions, _context.SendPipeOptions);
        _running = RunAsync(webSocket, _transport);
    }

    public async Task StopAsync()
    {
        if (_application is null)
        {
            return;
        }

        // Completing our output makes the send loop close the WebSocket; the receive loop then ends when the
        // server answers the close, or when the close timeout aborts the socket.
        await _application.Output.CompleteAsync().ConfigureAwait(false);
        await _running.ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        _aborted.Cancel();
        _webSocket?.Abort();
        if (_application is not null)
        {
            await _application.Output.CompleteAsync().ConfigureAwait(false);
        }

        await _running.ConfigureAwait(false);
        _webSocket?.Dispose();
        _aborted.Dispose();
    }

    private async Task RunAsync(ClientWebSocket webSocket, DuplexPipe transport)
    {
        var receiving = ReceiveAsync(webSocket, transport.Output);
        var sending = SendAsync(webSocket, transport.Input);

        if (await Task.WhenAny(receiving, sending).ConfigureAwait(false) == receiving)
        {
            // The server closed (or the socket failed): nothing more can be sent.
            transport.Input.CancelPendingRead();
            await sending.ConfigureAwait(false);
        }
        else if (_sendError is not null)
        {
            webSocket.Abort();
            await receiving.ConfigureAwait(false);
        }
        else
        {
            // We closed: give the server a bounded time to answer the close frame.
            if (await Task.WhenAny(receiving, Task.Delay(_context.CloseTimeout)).ConfigureAwait(false) != receiving)
            {
                TransportLog.CloseTimedOut(_logger, _context.CloseTimeout.TotalMilliseconds);
                webSocket.Abort();
            }

            await receiving.ConfigureAwait(false);
        }
    }

    private async Task ReceiveAsync(ClientWebSocket webSocket, PipeWriter output)
    {
        Exception? error = null;
        try
        {
            while (true)
            {
                var memory = output.GetMemory();
                var result = await webSocket.ReceiveAsync(memory, _aborted.Token).ConfigureAwait(false);
                if (result.MessageType == WebSocketMessageType.Close)
                {
                    if (webSocket.CloseStatus is not (WebSocketCloseStatus.NormalClosure or WebSocketCloseStatus.EndpointUnavailable))
                    {
                        error = new WebSocketException(
                            $"The server closed the WebSocket with status {(int?)webSocket.CloseStatus} ({webSocket.CloseStatus}): {webSocket.CloseStatusDescription}");
                    }

                    TransportLog.WebSocketClosedByServer(_logger, webSocket.CloseStatus);
                    break;
                }

                output.Advance(result.Count);
                var flush = await output.FlushAsync(_aborted.Token).ConfigureAwait(false);
                if (flush.IsCompleted)
                {
                    break;
                }
            }
        }
        catch (Exception ex) when (!_aborted.IsCancellationRequested)
        {
            error = _sendError ?? ex;
            TransportLog.WebSocketReceiveFailed(_logger, ex);
        }
        catch (Exception)
        {
            // Disposed: the connection no longer reads, so the abort is not an error.
        }
        finally
        {
            await output.CompleteAsync(error).ConfigureAwait(false);
        }
    }

    private async Task SendAsync(ClientWebSocket webSocket, PipeReader input)
    {
        Exception? error = null;
        try
        {
            while (true)
            {
                var result = await input.ReadAsync(_aborted.Token).ConfigureAwait(false);
                var buffer = result.Buffer;
                try
                {
                    if (result.IsCanceled)
                    {
                        break;
                    }

                    if (!buffer.IsEmpty)
                    {
                        await SendBufferAsync(webSocket, buffer).ConfigureAwait(false);
                    }

                    if (result.IsCompleted)
                    {
                        break;
                    }
                }
                finally
                {
                    input.AdvanceTo(buffer.End);
                }
            }
        }
        catch (Exception ex) when (!_aborted.IsCancellationRequested)
        {
            error = ex;
            _sendError = ex;
            TransportLog.WebSocketSendFailed(_logger, ex);
        }
        catch (Exception)
        {
            // Disposed while sending: nothing left to report to.
        }
        finally
        {
            await CloseOutputAsync(webSocket, error).ConfigureAwait(false);
            await input.CompleteAsync().ConfigureAwait(false);
        }
    }

    private async ValueTask SendBufferAsync(ClientWebSocket webSocket, ReadOnlySequence<byte> buffer)
    {
        if (buffer.IsSingleSegment)
        {
            await webSocket.SendAsync(buffer.First, _messageType, true, _aborted.Token).ConfigureAwait(false);
            return;
        }

        var position = buffer.Start;
        buffer.TryGet(ref position, out var segment);
        while (buffer.TryGet(ref position, out var next))
        {
            await webSocket.SendAsync(segment, _messageType, false, _aborted.Token).ConfigureAwait(false);
            segment = next;
        }

        await webSocket.SendAsync(segment, _messageType, true, _aborted.Token).ConfigureAwait(false);
    }

    private async Task CloseOutputAsync(ClientWebSocket webSocket, Exception? error)
    {
        if (webSocket.State is not (WebSocketState.Open or WebSocketState.CloseReceived))
        {
            return;
        }

        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(_aborted.Token);
            timeout.CancelAfter(_context.CloseTimeout);
            await webSocket.CloseOutputAsync(
                error is null ? WebSocketCloseStatus.NormalClosure : WebSocketCloseStatus.InternalServerError,
                string.Empty,
                timeout.Token).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException or ObjectDisposedException)
        {
            // The socket is gone already; there is nobody left to tell.
        }
    }

    internal static Uri ToWebSocketScheme(Uri url)
    {
        var builder = new UriBuilder(url);
        builder.Scheme = url.Scheme switch
        {
            "http" => "ws",
            "https" => "wss",
            "ws" or "wss" => url.Scheme,
            _ => throw new ArgumentException($"Unsupported URL scheme '{url.Scheme}'.", nameof(url)),
        };
        return builder.Uri;
    }
}
