using HubFramework.Client.Http;
using HubFramework.Client.Internal;
using HubFramework.Protocol;

namespace HubFramework.Client;

public sealed partial class HubConnection
{
    /// <summary>Connects: negotiates, picks a transport, completes the handshake.</summary>
    /// <param name="cancellationToken">Cancels the attempt.</param>
    /// <exception cref="InvalidOperationException">The connection is not Disconnected.</exception>
    /// <exception cref="TransportFallbackException">No transport could be used; says why for each.</exception>
    /// <exception cref="HubException">The server refused the negotiation or the handshake.</exception>
    public async Task StartAsync(CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(IsDisposed, this);
        await _stateLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_state != HubConnectionState.Disconnected)
            {
                throw new InvalidOperationException($"The connection cannot be started while it is {_state}: it must be Disconnected.");
            }

            _state = HubConnectionState.Connecting;
            using var start = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            SetCancellation(ref _startCancellation, start);
            try
            {
                _session = await StartSessionAsync(start.Token).ConfigureAwait(false);
                _state = HubConnectionState.Connected;
                Log.Started(_logger, _session.Connection.TransportType, _session.Connection.ConnectionId);
            }
            catch
            {
                _state = HubConnectionState.Disconnected;
                throw;
            }
            finally
            {
                SetCancellation(ref _startCancellation, null);
            }
        }
        finally
        {
            _stateLock.Release();
        }
    }

    /// <summary>
    /// Stops the connection: closes it gracefully, cancels a start or an automatic reconnect in progress, and
    /// fails outstanding invocations. No reconnect follows. Does nothing when already disconnected.
    /// </summary>
    /// <param name="cancellationToken">Stops waiting (the connection still closes).</param>
    public async Task StopAsync(CancellationToken cancellationToken = default)
    {
        lock (_cancellationLock)
        {
            _startCancellation?.Cancel();
            _reconnectCancellation?.Cancel();
        }

        ConnectionSession? session;
        Task reconnecting;
        await _stateLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            session = _session;
            reconnecting = _reconnectTask;
            if (session is not null)
            {
                session.Stopping = true;
            }
        }
        finally
        {
            _stateLock.Release();
        }

        if (session is not null)
        {
            await StopSessionAsync(session).WaitAsync(cancellationToken).ConfigureAwait(false);
        }

        await reconnecting.WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    private void SetCancellation(ref CancellationTokenSource? field, CancellationTokenSource? value)
    {
        lock (_cancellationLock)
        {
            field = value;
        }
    }

    private async Task<ConnectionSession> StartSessionAsync(CancellationToken cancellationToken)
    {
        var connection = _transportFactory?.Invoke() ?? new HttpConnection(_httpOptions, _loggerFactory);
        try
        {
            var receiveLimit = _options.MaximumReceiveMessageSize is { } max ? max + BinaryMessageFramer.MaxLengthPrefixSize + 1 : 0;
            await connection.StartAsync(_protocol.TransferFormat, receiveLimit, cancellationToken).ConfigureAwait(false);
            var buffer = connection.IsStatefulReconnectEnabled ? new MessageBuffer(_options.StatefulReconnectBufferSize) : null;
            var session = new ConnectionSession(connection, buffer);
            await HandshakeAsync(session, cancellationToken).ConfigureAwait(false);
            _skippedTransports = connection.SkippedTransports;
            ClientMetrics.ConnectionStarted(connection.TransportType);
            session.MarkReceived();
            session.ReceiveTask = Task.Run(() => ReceiveLoopAsync(session), CancellationToken.None);
            session.KeepAliveTask = Task.Run(() => KeepAliveLoopAsync(session), CancellationToken.None);
            return session;
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    private async Task HandshakeAsync(ConnectionSession session, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(HandshakeTimeout);
        try
        {
            HandshakeProtocol.WriteRequestMessage(new HandshakeRequestMessage(_protocol.Name, _protocol.Version), session.Output!);
            await session.Output!.FlushAsync(timeout.Token).ConfigureAwait(false);
            while (true)
            {
                var result = await session.Input.ReadAsync(timeout.Token).ConfigureAwait(false);
                var buffer = result.Buffer;
                var parsed = false;
                try
                {
                    if (HandshakeProtocol.TryParseResponseMessage(ref buffer, out var response))
                    {
                        parsed = true;
                        if (response!.Error is not null)
                        {
                            throw new HubException($"The server refused the handshake: {response.Error}");
                        }

                        Log.HandshakeCompleted(_logger, _protocol.Name);
                        return;
                    }

                    if (result.IsCompleted)
                    {
                        throw new HubConnectionClosedException("The server closed the connection before completing the handshake.");
                    }
                }
                finally
                {
                    // Messages that arrived with the handshake response stay buffered, unexamined, so the receive
                    // loop's first read returns them at once.
                    if (parsed)
                    {
                        session.Input.AdvanceTo(buffer.Start);
                    }
                    else
                    {
                        session.Input.AdvanceTo(buffer.Start, buffer.End);
                    }
                }
            }
        }
        catch (OperationCanceledException ex) when (!cancellationToken.IsCancellationRequested)
        {
            throw new TimeoutException($"The server did not answer the handshake within {HandshakeTimeout.TotalSeconds:0.###} s.", ex);
        }
    }

    private async Task StopSessionAsync(ConnectionSession session)
    {
        Log.Stopping(_logger);
        session.CancelEnding();
        try
        {
            using var closeTimeout = new CancellationTokenSource(_httpOptions.CloseTimeout);
            await SendHubMessageAsync(session, CloseMessage.Empty, closeTimeout.Token).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            Log.CloseMessageNotSent(_logger, ex);
        }

        await CompleteOutputAsync(session).ConfigureAwait(false);

        // The transport ends the receive loop once the server has closed too; do not wait forever for that.
        if (await Task.WhenAny(session.Ended.Task, Task.Delay(_httpOptions.CloseTimeout * 2)).ConfigureAwait(false) != session.Ended.Task)
        {
            session.Abort(new TimeoutException("The server did not close the connection in time."));
        }

        await session.Ended.Task.ConfigureAwait(false);
    }

    private static async Task CompleteOutputAsync(ConnectionSession session)
    {
        await session.WriteLock.WaitAsync().ConfigureAwait(false);
        try
        {
            if (session.Output is { } output)
            {
                await output.CompleteAsync().ConfigureAwait(false);
                session.Output = null;
            }
        }
        finally
        {
            session.WriteLock.Release();
        }
    }

    /// <summary>The receive loop is over: release the session, then reconnect or report the close.</summary>
    private async Task OnSessionEndedAsync(ConnectionSession session, Exception? error)
    {
        session.CancelEnding();
        session.Buffer?.Close(error);
        session.FailPending(new HubConnectionClosedException(
            error is null ? "The connection was closed before the operation completed." : $"The connection was lost before the operation completed: {error.Message}",
            error));
        await session.Input.CompleteAsync().ConfigureAwait(false);
        await CompleteOutputAsync(session).ConfigureAwait(false);
        if (error is null)
        {
            await session.Connection.DisposeAsync().ConfigureAwait(false);
        }
        else
        {
            await session.Connection.AbortAsync().ConfigureAwait(false);
        }

        await session.KeepAliveTask.ConfigureAwait(false);

        var reconnect = false;
        var current = false;
        await _stateLock.WaitAsync().ConfigureAwait(false);
        try
        {
            if (_session == session)
            {
                current = true;
                _session = null;
                reconnect = !session.Stopping
                    && !IsDisposed
                    && _retryPolicy is not null
                    && (session.ServerClose is null || session.ServerClose.AllowReconnect);
                if (reconnect)
                {
                    _state = HubConnectionState.Reconnecting;
                    var cancellation = new CancellationTokenSource();
                    SetCancellation(ref _reconnectCancellation, cancellation);
                    _reconnectTask = Task.Run(() => ReconnectLoopAsync(error, cancellation), CancellationToken.None);
                }
                else
                {
                    _state = HubConnectionState.Disconnected;
                }
            }
        }
        finally
        {
            _stateLock.Release();
        }

        if (current && !reconnect)
        {
            Log.Closed(_logger, error);
            await RaiseAsync(Closed, error, nameof(Closed)).ConfigureAwait(false);
        }

        // Namespaces carried by this session lose their channel: they reconnect once this connection is back, or close.
        _channels.SessionEnded(error);
        session.Ended.TrySetResult();
    }
}
