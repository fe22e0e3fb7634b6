using System.Buffers;
using HubFramework.Client.Internal;
using HubFramework.Protocol;

namespace HubFramework.Client;

public sealed partial class HubConnection
{
    /// <summary>
    /// Invokes a hub method and waits for its result. Arguments that are <see cref="IAsyncEnumerable{T}"/> or
    /// <see cref="System.Threading.Channels.ChannelReader{T}"/> are streamed to the server.
    /// </summary>
    /// <param name="methodName">The hub method.</param>
    /// <param name="returnType">The type the result is bound to.</param>
    /// <param name="args">The arguments.</param>
    /// <param name="cancellationToken">Stops waiting and tells the server (CancelInvocation).</param>
    /// <returns>The result (null for void methods).</returns>
    /// <exception cref="HubException">The server reported an error.</exception>
    /// <exception cref="HubConnectionClosedException">The connection was lost before the result arrived.</exception>
    public async Task<object?> InvokeCoreAsync(string methodName, Type returnType, object?[] args, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(methodName);
        ArgumentNullException.ThrowIfNull(returnType);
        ArgumentNullException.ThrowIfNull(args);
        cancellationToken.ThrowIfCancellationRequested();
        var session = GetActiveSession(nameof(InvokeCoreAsync));
        var (arguments, streams) = SeparateStreams(session, args);
        var request = new NonStreamingInvocation(session.NextId(), returnType);
        if (!session.TryAddInvocation(request))
        {
            throw new HubConnectionClosedException("The connection was closed before the invocation could be sent.");
        }

        using var registration = cancellationToken.CanBeCanceled
            ? cancellationToken.Register(static s => ((CancelState)s!).Cancel(), new CancelState(this, session, request, cancellationToken))
            : default;
        var message = new InvocationMessage(request.InvocationId, methodName, arguments, StreamIds(streams));
        var activity = ClientActivitySource.StartInvocation(message, methodName, _httpOptions.Url!);
        var started = ClientMetrics.InvocationStarting();
        Exception? failure = null;
        try
        {
            try
            {
                await SendHubMessageAsync(session, message, cancellationToken).ConfigureAwait(false);
            }
            catch
            {
                session.TryRemoveInvocation(request.InvocationId, out _);
                throw;
            }

            ClientMetrics.InvocationSent();
            var finished = streams is null ? null : new CancellationTokenSource();
            StartUploads(session, streams, cancellationToken, finished?.Token ?? default);
            try
            {
                return await request.Result.ConfigureAwait(false);
            }
            finally
            {
                finished?.Cancel();
            }
        }
        catch (Exception ex)
        {
            failure = ex;
            throw;
        }
        finally
        {
            ClientMetrics.InvocationEnded(methodName, started, failure);
            ClientActivitySource.Stop(activity, failure);
        }
    }

    /// <summary>
    /// Invokes a hub method without waiting for it to run (fire-and-forget): completes once the message has been
    /// handed to the transport.
    /// </summary>
    /// <param name="methodName">The hub method.</param>
    /// <param name="args">The arguments (streams allowed, as for <see cref="InvokeCoreAsync"/>).</param>
    /// <param name="cancellationToken">Cancels the send.</param>
    public async Task SendCoreAsync(string methodName, object?[] args, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(methodName);
        ArgumentNullException.ThrowIfNull(args);
        var session = GetActiveSession(nameof(SendCoreAsync));
        var (arguments, streams) = SeparateStreams(session, args);
        var message = new InvocationMessage(null, methodName, arguments, StreamIds(streams));
        var activity = ClientActivitySource.StartInvocation(message, methodName, _httpOptions.Url!);
        try
        {
            await SendHubMessageAsync(session, message, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            ClientActivitySource.Stop(activity, ex);
            throw;
        }

        ClientActivitySource.Stop(activity, null);
        ClientMetrics.InvocationSent();
        StartUploads(session, streams, cancellationToken, default);
    }

    /// <summary>
    /// Writes one message to the session's transport. The write lock makes this the only writer of the pipe. With
    /// stateful reconnect, trackable messages are also kept for replay, and while the transport is being
    /// re-established they are only kept (replayed once it is back).
    /// </summary>
    private async ValueTask SendHubMessageAsync(ConnectionSession session, HubMessage message, CancellationToken cancellationToken, bool waitForSpace = true)
    {
        if (session.Buffer is { } buffer && MessageBuffer.IsTrackable(message))
        {
            var bytes = _protocol.GetMessageBytes(message);
            if (waitForSpace)
            {
                await buffer.WaitForSpaceAsync(bytes.Length, cancellationToken).ConfigureAwait(false);
            }

            await session.WriteLock.WaitAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                buffer.Append(bytes);
                if (session.Output is { } output)
                {
                    output.Write(bytes.Span);
                    await output.FlushAsync(cancellationToken).ConfigureAwait(false);
                }
            }
            finally
            {
                session.WriteLock.Release();
            }
        }
        else
        {
            await session.WriteLock.WaitAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                if (session.Output is not { } output)
                {
                    if (session.Buffer is not null && session.Resuming)
                    {
                        // Pings and acks are pointless while the transport is down.
                        return;
                    }

                    throw new HubConnectionClosedException("The connection was closed before the message could be sent.");
                }

                _protocol.WriteMessage(message, output);
                var flush = await output.FlushAsync(cancellationToken).ConfigureAwait(false);
                if (flush.IsCompleted && session.Buffer is null)
                {
                    throw new HubConnectionClosedException("The connection was closed before the message could be sent.");
                }
            }
            finally
            {
                session.WriteLock.Release();
            }
        }

        session.MarkSent();
        ClientMetrics.MessageSent(_protocol.Name);
    }

    /// <summary>Cancels one outstanding invocation: locally at once, and on the server with CancelInvocation.</summary>
    private sealed class CancelState(HubConnection connection, ConnectionSession session, InvocationRequest request, CancellationToken token)
    {
        public void Cancel()
        {
            if (!session.TryRemoveInvocation(request.InvocationId, out _))
            {
                return;
            }

            request.Fail(new OperationCanceledException(token));
            _ = connection.SendCancelInvocationAsync(session, request.InvocationId);
        }
    }

    private async Task SendCancelInvocationAsync(ConnectionSession session, string invocationId)
    {
        try
        {
            await SendHubMessageAsync(session, new CancelInvocationMessage(invocationId), session.Ending).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            Log.CancelInvocationNotSent(_logger, invocationId, ex);
        }
    }
}
