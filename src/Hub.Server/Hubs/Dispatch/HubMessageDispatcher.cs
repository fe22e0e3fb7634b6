using System.Threading.Channels;
using HubFramework.Protocol;
using HubFramework.Server.Hubs.Diagnostics;
using HubFramework.Server.Hubs.Multiplexing;
using HubFramework.Server.Hubs.Outbound;
using Microsoft.Extensions.Logging;

namespace HubFramework.Server.Hubs.Dispatch;

/// <summary>
/// Handles each message the receive loop parses: validates invocations and hands them to the connection's scheduler,
/// feeds client streams, routes client results, cancellations and acks. Runs on the receive loop, so it never waits
/// for an invocation to finish.
/// </summary>
internal sealed class HubMessageDispatcher<THub>
    where THub : Hub
{
    private static readonly SendOptions ErrorSendOptions = new() { Policy = SlowConsumerPolicy.Wait };

    private readonly HubMethodTable _methods;
    private readonly HubOptions _options;
    private readonly HubMetrics _metrics;
    private readonly ILogger _logger;
    private readonly string _hubName = typeof(THub).Name;

    public HubMessageDispatcher(HubMethodTable methods, HubOptions options, HubMetrics metrics, ILogger logger)
    {
        _methods = methods;
        _options = options;
        _metrics = metrics;
        _logger = logger;
    }

    /// <summary>
    /// Handles one message; client results go to <paramref name="lifetimeManager"/> (the connection's namespace's).
    /// <c>Continue</c> is false when the connection must close, with the Close to send.
    /// </summary>
    public async ValueTask<(bool Continue, CloseMessage? Close)> DispatchAsync(HubConnectionContext connection, HubMessage message, HubLifetimeManager<THub> lifetimeManager)
    {
        if (connection.Connection.StatefulReconnectEnabled && IsTrackable(message) && !connection.InboundSequence.Accept())
        {
            // Already processed before a reconnect: the client replayed it.
            return (true, null);
        }

        switch (message)
        {
            case HubMethodInvocationMessage invocation when MultiplexProtocol.IsReserved(invocation.Target):
                if (connection.Multiplexer is { } multiplexer)
                {
                    await multiplexer.HandleAsync(invocation).ConfigureAwait(false);
                }
                else
                {
                    await SendErrorAsync(connection, invocation.InvocationId, "Multiplexing is not available on this connection.").ConfigureAwait(false);
                }

                break;
            case HubMethodInvocationMessage invocation:
                await DispatchInvocationAsync(connection, invocation).ConfigureAwait(false);
                break;
            case StreamItemMessage item:
                await DispatchStreamItemAsync(connection, item).ConfigureAwait(false);
                break;
            case CompletionMessage completion:
                if (!connection.ClientStreams.TryComplete(completion.InvocationId!, completion.Error is null ? null : new HubException(completion.Error)))
                {
                    await lifetimeManager.SetConnectionResultAsync(connection.ConnectionId, completion).ConfigureAwait(false);
                }

                break;
            case StreamBindingFailureMessage failure:
                HubLog.StreamItemBindingFailed(_logger, connection.ConnectionId, failure.Id, failure.BindingFailure.SourceException);
                connection.ClientStreams.TryComplete(
                    failure.Id,
                    new HubException(ErrorMessages.Build("Failed to bind Stream message.", failure.BindingFailure.SourceException, _options.EnableDetailedErrors)));
                break;
            case CancelInvocationMessage cancel:
                connection.ActiveInvocations.TryCancel(cancel.InvocationId!);
                break;
            case PingMessage:
                break;
            case CloseMessage:
                // The client is leaving: answer with a Close of our own, then end.
                return (false, CloseMessage.Empty);
            case AckMessage ack:
                connection.Outbound.Acknowledge(ack.SequenceId);
                break;
            case SequenceMessage sequence:
                if (!connection.InboundSequence.TryRestart(sequence.SequenceId))
                {
                    HubLog.SequenceGap(_logger, connection.ConnectionId, sequence.SequenceId, connection.InboundSequence.LastProcessed);
                    return (false, new CloseMessage("Sequence ID greater than amount of messages we've received.", allowReconnect: false));
                }

                break;
        }

        return (true, null);
    }

    private static bool IsTrackable(HubMessage message) => message is HubInvocationMessage or StreamBindingFailureMessage;

    private async ValueTask DispatchInvocationAsync(HubConnectionContext connection, HubMethodInvocationMessage message)
    {
        var invocationId = message.InvocationId;
        var target = message.Target;

        if (connection.RateLimiter is { } limiter && !limiter.TryAcquire())
        {
            HubLog.RateLimited(_logger, connection.ConnectionId, target);
            _metrics.RateLimited(_hubName);
            if (_options.RateLimit?.Action == RateLimitAction.CloseConnection)
            {
                connection.Abort(ErrorMessages.RateLimitExceeded, allowReconnect: false);
                return;
            }

            await SendErrorAsync(connection, invocationId, ErrorMessages.Build(ErrorMessages.BindingFailed(target), new HubException(ErrorMessages.RateLimitExceeded), detailed: false)).ConfigureAwait(false);
            return;
        }

        if (message is InvocationBindingFailureMessage failure)
        {
            var exception = failure.BindingFailure.SourceException;
            if (invocationId is null)
            {
                HubLog.FireAndForgetBindingFailureIgnored(_logger, connection.ConnectionId, target, exception);
                return;
            }

            HubLog.InvocationBindingFailed(_logger, connection.ConnectionId, target, exception);
            await SendErrorAsync(connection, invocationId, ErrorMessages.Build(ErrorMessages.BindingFailed(target), exception, _options.EnableDetailedErrors)).ConfigureAwait(false);
            return;
        }

        if (!_methods.TryGet(target, out var method))
        {
            // Only reachable with a protocol that did not ask the binder; same answer as a binding failure.
            await SendErrorAsync(connection, invocationId, ErrorMessages.Build(ErrorMessages.BindingFailed(target), new HubException(ErrorMessages.MethodDoesNotExist), detailed: false)).ConfigureAwait(false);
            return;
        }

        var isStreamInvocation = message is StreamInvocationMessage;
        if (method.IsStreaming != isStreamInvocation)
        {
            HubLog.StreamingMismatch(_logger, connection.ConnectionId, target);
            await SendErrorAsync(
                connection,
                invocationId,
                method.IsStreaming ? ErrorMessages.StreamingMethodInvokedAsNonStreaming(target) : ErrorMessages.NonStreamingMethodInvokedAsStreaming(target)).ConfigureAwait(false);
            return;
        }

        if (message.Arguments.Length != method.WireParameterTypes.Count)
        {
            var mismatch = new InvalidDataException($"Invocation provides {message.Arguments.Length} argument(s) but target expects {method.WireParameterTypes.Count}.");
            await SendErrorAsync(connection, invocationId, ErrorMessages.Build(ErrorMessages.BindingFailed(target), mismatch, _options.EnableDetailedErrors)).ConfigureAwait(false);
            return;
        }

        var streamIds = message.StreamIds;
        var streamCount = streamIds?.Length ?? 0;
        if (streamCount != method.ClientStreamCount)
        {
            var mismatch = new HubException(ErrorMessages.StreamCountMismatch(streamCount, method.ClientStreamCount));
            await SendErrorAsync(connection, invocationId, ErrorMessages.Build(ErrorMessages.BindingFailed(target), mismatch, detailed: false)).ConfigureAwait(false);
            return;
        }

        CancellationTokenSource? cancellation = null;
        if (invocationId is not null && method.NeedsCancellation)
        {
            cancellation = connection.ActiveInvocations.TryAdd(invocationId, connection.ConnectionAborted);
            if (cancellation is null)
            {
                if (!connection.ConnectionAborted.IsCancellationRequested)
                {
                    await SendErrorAsync(connection, invocationId, ErrorMessages.InvocationIdInUse(invocationId)).ConfigureAwait(false);
                }

                return;
            }
        }

        ClientStream[]? streams = null;
        if (streamCount > 0 && !TryOpenStreams(connection, method, streamIds!, cancellation, out streams, out var duplicate))
        {
            if (cancellation is not null)
            {
                connection.ActiveInvocations.Remove(invocationId!, cancellation);
            }

            await SendErrorAsync(connection, invocationId, ErrorMessages.StreamIdInUse(duplicate!)).ConfigureAwait(false);
            return;
        }

        var request = new InvocationRequest(connection, message, method, streamIds, streams, cancellation);
        await connection.Scheduler.ScheduleAsync(request, connection.ConnectionAborted).ConfigureAwait(false);
    }

    private bool TryOpenStreams(
        HubConnectionContext connection,
        HubMethodDescriptor method,
        string[] streamIds,
        CancellationTokenSource? cancellation,
        out ClientStream[]? streams,
        out string? duplicate)
    {
        var token = cancellation?.Token ?? connection.ConnectionAborted;
        streams = new ClientStream[streamIds.Length];
        foreach (var parameter in method.Parameters)
        {
            if (parameter.Kind != HubParameterKind.ClientStream)
            {
                continue;
            }

            var stream = parameter.StreamFactory!.Create(_options.StreamBufferCapacity, token);
            if (!connection.ClientStreams.TryAdd(streamIds[parameter.Index], stream))
            {
                duplicate = streamIds[parameter.Index];
                for (var i = 0; i < parameter.Index; i++)
                {
                    connection.ClientStreams.TryComplete(streamIds[i], error: null);
                }

                streams = null;
                return false;
            }

            streams[parameter.Index] = stream;
        }

        duplicate = null;
        return true;
    }

    private async ValueTask DispatchStreamItemAsync(HubConnectionContext connection, StreamItemMessage item)
    {
        var streamId = item.InvocationId!;
        if (!connection.ClientStreams.TryGet(streamId, out var stream))
        {
            HubLog.UnknownStreamItem(_logger, connection.ConnectionId, streamId);
            return;
        }

        try
        {
            // Waits while the stream's buffer is full: that is the back-pressure on the client (StreamBufferCapacity).
            await stream.WriteAsync(item.Item, connection.ConnectionAborted).ConfigureAwait(false);
        }
        catch (ChannelClosedException)
        {
            // The hub method has finished with the stream.
        }
        catch (InvalidCastException ex)
        {
            HubLog.StreamItemBindingFailed(_logger, connection.ConnectionId, streamId, ex);
            connection.ClientStreams.TryComplete(streamId, new HubException(ErrorMessages.Build("Failed to bind Stream message.", ex, _options.EnableDetailedErrors)));
        }
    }

    private async ValueTask SendErrorAsync(HubConnectionContext connection, string? invocationId, string error)
    {
        if (invocationId is null)
        {
            return;
        }

        _metrics.InvocationFailed(_hubName, "(dispatch)");
        await connection.WriteAsync(CompletionMessage.WithError(invocationId, error), ErrorSendOptions, connection.ConnectionAborted).ConfigureAwait(false);
    }
}
