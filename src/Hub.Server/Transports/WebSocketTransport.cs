using System.Buffers;
using System.IO.Pipelines;
using System.Net.WebSockets;
using System.Runtime.CompilerServices;
using HubFramework.Protocol;
using Microsoft.Extensions.Logging;

namespace HubFramework.Server.Transports;

/// <summary>
/// Moves bytes between an accepted WebSocket and a connection's pipes: frames from the client into the inbound pipe,
/// the outbound pipe to the client as text or binary frames, and the close handshake in both directions.
/// </summary>
internal sealed class WebSocketTransport
{
    private const int DiscardBufferSize = 1024;

    private readonly WebSocket _socket;
    private readonly PipeReader _outbound;
    private readonly InboundPipeGate _inbound;
    private readonly Func<TransferFormat> _format;
    private readonly WebSocketTransportSettings _settings;
    private readonly ILogger _logger;
    private volatile bool _applicationStoppedReading;

    public WebSocketTransport(
        WebSocket socket,
        PipeReader outbound,
        InboundPipeGate inbound,
        Func<TransferFormat> format,
        WebSocketTransportSettings settings,
        ILogger logger)
    {
        _socket = socket;
        _outbound = outbound;
        _inbound = inbound;
        _format = format;
        _settings = settings;
        _logger = logger;
    }

    private enum ReceiveEnd
    {
        ClientClosed,
        Faulted,
        MessageTooBig,
    }

    private enum SendEnd
    {
        Completed,
        ApplicationFaulted,
        Faulted,
        Cancelled,
    }

    /// <summary>Runs until the socket closes or breaks, or <paramref name="stop"/> aborts it.</summary>
    public async Task<TransportOutcome> RunAsync(CancellationToken stop)
    {
        using var abortOnStop = stop.UnsafeRegister(static state => ((WebSocket)state!).Abort(), _socket);

        var receiving = ReceiveAsync(stop);
        var sending = SendAsync();
        var first = await Task.WhenAny(receiving, sending).ConfigureAwait(false);

        var outcome = first == receiving
            ? await AfterReceiveEndedAsync(await receiving.ConfigureAwait(false), sending).ConfigureAwait(false)
            : await AfterSendEndedAsync(await sending.ConfigureAwait(false), receiving).ConfigureAwait(false);

        _socket.Dispose();
        return outcome == TransportOutcome.Faulted && stop.IsCancellationRequested ? TransportOutcome.Stopped : outcome;
    }

    private async Task<TransportOutcome> AfterReceiveEndedAsync(ReceiveEnd end, Task<SendEnd> sending)
    {
        switch (end)
        {
            case ReceiveEnd.ClientClosed:
                // The application sees the end of input, finishes (perhaps with a last message) and completes its
                // output; only then is the close frame answered, so that last message still goes out.
                await _inbound.CompleteAsync(null, _settings.CloseTimeout).ConfigureAwait(false);
                var sent = await FinishSendingAsync(sending).ConfigureAwait(false);
                await CloseOutputAsync(sent == SendEnd.ApplicationFaulted ? WebSocketCloseStatus.InternalServerError : WebSocketCloseStatus.NormalClosure, null).ConfigureAwait(false);
                return TransportOutcome.ClientClosed;

            case ReceiveEnd.MessageTooBig:
                TransportLog.MessageTooBig(_logger, _settings.MaxBufferedMessageSize);
                _outbound.CancelPendingRead();
                await FinishSendingAsync(sending).ConfigureAwait(false);
                await CloseOutputAsync(WebSocketCloseStatus.MessageTooBig, "Message too big").ConfigureAwait(false);
                await DrainUntilCloseAsync().ConfigureAwait(false);
                return TransportOutcome.MessageTooBig;

            default:
                _outbound.CancelPendingRead();
                _socket.Abort();
                await sending.ConfigureAwait(false);
                return TransportOutcome.Faulted;
        }
    }

    private async Task<TransportOutcome> AfterSendEndedAsync(SendEnd end, Task<ReceiveEnd> receiving)
    {
        if (end is SendEnd.Completed or SendEnd.ApplicationFaulted)
        {
            await CloseOutputAsync(end == SendEnd.Completed ? WebSocketCloseStatus.NormalClosure : WebSocketCloseStatus.InternalServerError, null).ConfigureAwait(false);
            if (!await CompletesWithinAsync(receiving, _settings.CloseTimeout).ConfigureAwait(false))
            {
                TransportLog.WebSocketCloseTimedOut(_logger, _settings.CloseTimeout);
                _socket.Abort();
            }

            await receiving.ConfigureAwait(false);
            return TransportOutcome.ApplicationCompleted;
        }

        _socket.Abort();
        await receiving.ConfigureAwait(false);
        return TransportOutcome.Faulted;
    }

    /// <summary>Lets the send loop drain what the application still writes, bounded by the close timeout.</summary>
    private async Task<SendEnd> FinishSendingAsync(Task<SendEnd> sending)
    {
        if (!await CompletesWithinAsync(sending, _settings.CloseTimeout).ConfigureAwait(false))
        {
            TransportLog.ApplicationCloseTimedOut(_logger, _settings.CloseTimeout);
            _outbound.CancelPendingRead();
            if (!await CompletesWithinAsync(sending, _settings.CloseTimeout).ConfigureAwait(false))
            {
                // A send stuck on a client that does not read: nothing graceful is left to do.
                _socket.Abort();
            }
        }

        return await sending.ConfigureAwait(false);
    }

    private async Task<ReceiveEnd> ReceiveAsync(CancellationToken stop)
    {
        using var message = _settings.BufferWholeMessages ? new WebSocketMessageBuffer(_settings.MaxBufferedMessageSize) : null;
        byte[]? discard = null;
        try
        {
            while (true)
            {
                if (_applicationStoppedReading || _inbound.IsCompleted)
                {
                    // Nobody reads any more; keep consuming frames only to see the client's close.
                    discard ??= ArrayPool<byte>.Shared.Rent(DiscardBufferSize);
                    var skipped = await _socket.ReceiveAsync(discard.AsMemory(), CancellationToken.None).ConfigureAwait(false);
                    if (skipped.MessageType == WebSocketMessageType.Close)
                    {
                        TransportLog.WebSocketClosedByClient(_logger, _socket.CloseStatus);
                        return ReceiveEnd.ClientClosed;
                    }

                    continue;
                }

                // A zero-byte read waits for data without holding a buffer, which keeps idle connections small.
                var peek = await _socket.ReceiveAsync(Memory<byte>.Empty, CancellationToken.None).ConfigureAwait(false);
                if (peek.MessageType == WebSocketMessageType.Close)
                {
                    TransportLog.WebSocketClosedByClient(_logger, _socket.CloseStatus);
                    return ReceiveEnd.ClientClosed;
                }

                var closed = message is null
                    ? await ReceiveIntoPipeAsync(peek, stop).ConfigureAwait(false)
                    : await ReceiveIntoMessageAsync(message, peek, stop).ConfigureAwait(false);
                if (closed is { } end)
                {
                    return end;
                }
            }
        }
        catch (Exception ex)
        {
            TransportLog.WebSocketFailed(_logger, ex);
            return ReceiveEnd.Faulted;
        }
        finally
        {
            if (discard is not null)
            {
                ArrayPool<byte>.Shared.Return(discard);
            }
        }
    }

    // Pooled: this runs per message, and must not allocate when it completes asynchronously.
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    private async ValueTask<ReceiveEnd?> ReceiveIntoPipeAsync(ValueWebSocketReceiveResult peek, CancellationToken stop)
    {
        if (peek.EndOfMessage)
        {
            // An empty message: nothing to deliver.
            return null;
        }

        if (!await _inbound.EnterAsync(stop).ConfigureAwait(false))
        {
            return null;
        }

        try
        {
            var writer = _inbound.Writer;
            var received = await _socket.ReceiveAsync(writer.GetMemory(), CancellationToken.None).ConfigureAwait(false);
            if (received.MessageType == WebSocketMessageType.Close)
            {
                TransportLog.WebSocketClosedByClient(_logger, _socket.CloseStatus);
                return ReceiveEnd.ClientClosed;
            }

            writer.Advance(received.Count);
            var flushed = await writer.FlushAsync(stop).ConfigureAwait(false);
            if (flushed.IsCompleted)
            {
                _applicationStoppedReading = true;
            }

            return null;
        }
        finally
        {
            _inbound.Exit();
        }
    }

    // Pooled: this runs per message, and must not allocate when it completes asynchronously.
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    private async ValueTask<ReceiveEnd?> ReceiveIntoMessageAsync(WebSocketMessageBuffer message, ValueWebSocketReceiveResult peek, CancellationToken stop)
    {
        if (peek.EndOfMessage)
        {
            if (message.Length > 0)
            {
                // An empty final frame ends a fragmented message.
                return await DeliverAsync(message, stop).ConfigureAwait(false);
            }

            return null;
        }

        if (!message.TryGetMemory(out var memory))
        {
            return ReceiveEnd.MessageTooBig;
        }

        var received = await _socket.ReceiveAsync(memory, CancellationToken.None).ConfigureAwait(false);
        if (received.MessageType == WebSocketMessageType.Close)
        {
            TransportLog.WebSocketClosedByClient(_logger, _socket.CloseStatus);
            return ReceiveEnd.ClientClosed;
        }

        message.Advance(received.Count);
        if (message.IsOverLimit)
        {
            return ReceiveEnd.MessageTooBig;
        }

        return received.EndOfMessage ? await DeliverAsync(message, stop).ConfigureAwait(false) : null;
    }

    // Pooled: this runs per message, and must not allocate when it completes asynchronously.
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    private async ValueTask<ReceiveEnd?> DeliverAsync(WebSocketMessageBuffer message, CancellationToken stop)
    {
        try
        {
            if (!await _inbound.EnterAsync(stop).ConfigureAwait(false))
            {
                return null;
            }

            try
            {
                _inbound.Writer.Write(message.Message.Span);
                var flushed = await _inbound.Writer.FlushAsync(stop).ConfigureAwait(false);
                if (flushed.IsCompleted)
                {
                    _applicationStoppedReading = true;
                }
            }
            finally
            {
                _inbound.Exit();
            }

            return null;
        }
        finally
        {
            message.Reset();
        }
    }

    private async Task<SendEnd> SendAsync()
    {
        using var timer = new SendTimer(_settings.SendTimeout);
        while (true)
        {
            ReadResult result;
            try
            {
                result = await _outbound.ReadAsync().ConfigureAwait(false);
            }
            catch (Exception ex)
            {
                // The application completed its output with an error.
                TransportLog.ApplicationFaulted(_logger, ex);
                return SendEnd.ApplicationFaulted;
            }

            var buffer = result.Buffer;
            try
            {
                if (result.IsCanceled)
                {
                    return SendEnd.Cancelled;
                }

                if (!buffer.IsEmpty && !await SendBufferAsync(buffer, timer).ConfigureAwait(false))
                {
                    return SendEnd.Faulted;
                }

                if (result.IsCompleted)
                {
                    return SendEnd.Completed;
                }
            }
            finally
            {
                _outbound.AdvanceTo(buffer.End);
            }
        }
    }

    // Pooled: this runs per message, and must not allocate when it completes asynchronously.
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    private async ValueTask<bool> SendBufferAsync(ReadOnlySequence<byte> buffer, SendTimer timer)
    {
        var type = _format() == TransferFormat.Text ? WebSocketMessageType.Text : WebSocketMessageType.Binary;
        var token = timer.Start();
        try
        {
            if (buffer.IsSingleSegment)
            {
                await _socket.SendAsync(buffer.First, type, endOfMessage: true, token).ConfigureAwait(false);
                return true;
            }

            // One message per read; its segments go out as frames of that message.
            var position = buffer.Start;
            var pending = ReadOnlyMemory<byte>.Empty;
            var hasPending = false;
            while (buffer.TryGet(ref position, out var segment))
            {
                if (hasPending)
                {
                    await _socket.SendAsync(pending, type, endOfMessage: false, token).ConfigureAwait(false);
                }

                pending = segment;
                hasPending = true;
            }

            await _socket.SendAsync(pending, type, endOfMessage: true, token).ConfigureAwait(false);
            return true;
        }
        catch (Exception ex)
        {
            if (timer.Expired)
            {
                TransportLog.SendTimedOut(_logger, timer.Timeout);
            }
            else
            {
                TransportLog.WebSocketFailed(_logger, ex);
            }

            return false;
        }
        finally
        {
            timer.Stop();
        }
    }

    private async Task CloseOutputAsync(WebSocketCloseStatus status, string? description)
    {
        if (_socket.State is not (WebSocketState.Open or WebSocketState.CloseReceived))
        {
            return;
        }

        using var timeout = new CancellationTokenSource(_settings.CloseTimeout);
        try
        {
            await _socket.CloseOutputAsync(status, description, timeout.Token).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            TransportLog.WebSocketFailed(_logger, ex);
        }
    }

    private async Task DrainUntilCloseAsync()
    {
        if (_socket.State != WebSocketState.CloseSent)
        {
            return;
        }

        var discard = ArrayPool<byte>.Shared.Rent(DiscardBufferSize);
        using var timeout = new CancellationTokenSource(_settings.CloseTimeout);
        try
        {
            while (true)
            {
                var result = await _socket.ReceiveAsync(discard.AsMemory(), timeout.Token).ConfigureAwait(false);
                if (result.MessageType == WebSocketMessageType.Close)
                {
                    return;
                }
            }
        }
        catch (Exception)
        {
            // Timed out or broken: the socket is aborted either way.
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(discard);
        }
    }

    private static async Task<bool> CompletesWithinAsync(Task task, TimeSpan timeout)
    {
        try
        {
            await task.WaitAsync(timeout).ConfigureAwait(false);
            return true;
        }
        catch (TimeoutException)
        {
            return false;
        }
    }
}
