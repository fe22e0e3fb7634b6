using Microsoft.Extensions.Logging;

namespace HubFramework.Server.Hubs.Diagnostics;

/// <summary>The hub layer's log messages (event ids 3000-3099).</summary>
internal static partial class HubLog
{
    [LoggerMessage(3000, LogLevel.Debug, "Connection {ConnectionId} completed the handshake with protocol '{Protocol}' version {Version}.")]
    public static partial void HandshakeCompleted(ILogger logger, string connectionId, string protocol, int version);

    [LoggerMessage(3001, LogLevel.Debug, "Connection {ConnectionId} failed the handshake: {Reason}")]
    public static partial void HandshakeFailed(ILogger logger, string connectionId, string reason, Exception? exception = null);

    [LoggerMessage(3002, LogLevel.Debug, "Connection {ConnectionId} sent no handshake within {Timeout}.")]
    public static partial void HandshakeTimedOut(ILogger logger, string connectionId, TimeSpan timeout);

    [LoggerMessage(3003, LogLevel.Debug, "Connection {ConnectionId} ended before completing the handshake.")]
    public static partial void HandshakeAbandoned(ILogger logger, string connectionId);

    [LoggerMessage(3004, LogLevel.Debug, "Connection {ConnectionId}: ignored the fire-and-forget invocation of '{Target}' that could not be bound.")]
    public static partial void FireAndForgetBindingFailureIgnored(ILogger logger, string connectionId, string target, Exception exception);

    [LoggerMessage(3005, LogLevel.Error, "Connection {ConnectionId}: hub method '{Target}' failed.")]
    public static partial void InvocationFailed(ILogger logger, string connectionId, string target, Exception exception);

    [LoggerMessage(3006, LogLevel.Debug, "Connection {ConnectionId}: could not bind the arguments of '{Target}'.")]
    public static partial void InvocationBindingFailed(ILogger logger, string connectionId, string target, Exception exception);

    [LoggerMessage(3007, LogLevel.Debug, "Connection {ConnectionId} sent data that breaks the protocol or its limits; closing it.")]
    public static partial void ProtocolError(ILogger logger, string connectionId, Exception exception);

    [LoggerMessage(3008, LogLevel.Debug, "Connection {ConnectionId}: nothing received for {Timeout}; closing it.")]
    public static partial void ClientTimedOut(ILogger logger, string connectionId, TimeSpan timeout);

    [LoggerMessage(3009, LogLevel.Debug, "Connection {ConnectionId}: invocation of '{Target}' refused by the rate limit.")]
    public static partial void RateLimited(ILogger logger, string connectionId, string target);

    [LoggerMessage(3010, LogLevel.Error, "Connection {ConnectionId}: the hub's {Event} failed.")]
    public static partial void LifetimeEventFailed(ILogger logger, string connectionId, string @event, Exception exception);

    [LoggerMessage(3011, LogLevel.Debug, "Connection {ConnectionId}: stream item for unknown stream '{StreamId}' ignored.")]
    public static partial void UnknownStreamItem(ILogger logger, string connectionId, string streamId);

    [LoggerMessage(3012, LogLevel.Debug, "Connection {ConnectionId}: stream item for stream '{StreamId}' could not be bound.")]
    public static partial void StreamItemBindingFailed(ILogger logger, string connectionId, string streamId, Exception exception);

    [LoggerMessage(3013, LogLevel.Debug, "Connection {ConnectionId}: invocation of '{Target}' refused, the user is not authorized.")]
    public static partial void Unauthorized(ILogger logger, string connectionId, string target);

    [LoggerMessage(3014, LogLevel.Debug, "Connection {ConnectionId} sent Sequence {SequenceId} after only {Received} messages; closing it.")]
    public static partial void SequenceGap(ILogger logger, string connectionId, long sequenceId, long received);

    [LoggerMessage(3015, LogLevel.Error, "Connection {ConnectionId}: unexpected failure in the receive loop.")]
    public static partial void ReceiveLoopFailed(ILogger logger, string connectionId, Exception exception);

    [LoggerMessage(3016, LogLevel.Debug, "Connection {ConnectionId}: stream of '{Target}' failed.")]
    public static partial void StreamingFailed(ILogger logger, string connectionId, string target, Exception exception);

    [LoggerMessage(3017, LogLevel.Debug, "Connection {ConnectionId} closed: {Reason}.")]
    public static partial void ConnectionClosed(ILogger logger, string connectionId, string reason);

    [LoggerMessage(3018, LogLevel.Information, "Server shutting down: closing {Count} hub connection(s) with allowReconnect.")]
    public static partial void ClosingForShutdown(ILogger logger, int count);

    [LoggerMessage(3019, LogLevel.Debug, "Connection {ConnectionId}: invocation '{Target}' of a streaming/non-streaming method with the wrong message type.")]
    public static partial void StreamingMismatch(ILogger logger, string connectionId, string target);

    [LoggerMessage(3020, LogLevel.Warning, "Connection {ConnectionId}: a queued message could not be sent.")]
    public static partial void SendFailed(ILogger logger, string connectionId, Exception exception);
}
