using HubFramework.Protocol;
using Microsoft.Extensions.Logging;

namespace HubFramework.Server.Connections;

/// <summary>Connection-layer log events (event ids 1-99).</summary>
internal static partial class ConnectionsLog
{
    [LoggerMessage(EventId = 1, Level = LogLevel.Debug, Message = "Connection {ConnectionId} negotiated (version {Version}, stateful reconnect {Stateful}).")]
    public static partial void Negotiated(ILogger logger, string connectionId, int version, bool stateful);

    [LoggerMessage(EventId = 2, Level = LogLevel.Debug, Message = "Negotiate rejected: {Reason}")]
    public static partial void NegotiateRejected(ILogger logger, string reason);

    [LoggerMessage(EventId = 3, Level = LogLevel.Debug, Message = "Connection {ConnectionId} started on {Transport}.")]
    public static partial void TransportAttached(ILogger logger, string connectionId, HttpTransportType transport);

    [LoggerMessage(EventId = 4, Level = LogLevel.Debug, Message = "Connection {ConnectionId} ended after {Duration}.")]
    public static partial void Ended(ILogger logger, string connectionId, TimeSpan duration);

    [LoggerMessage(EventId = 5, Level = LogLevel.Information, Message = "Connection {ConnectionId} aborted.")]
    public static partial void Aborted(ILogger logger, string connectionId, Exception? reason);

    [LoggerMessage(EventId = 6, Level = LogLevel.Error, Message = "The connection handler failed for connection {ConnectionId}.")]
    public static partial void ApplicationFailed(ILogger logger, string connectionId, Exception exception);

    [LoggerMessage(EventId = 7, Level = LogLevel.Warning, Message = "The connection handler of {ConnectionId} did not finish within {Timeout} after the connection ended.")]
    public static partial void ApplicationDidNotStop(ILogger logger, string connectionId, TimeSpan timeout);

    [LoggerMessage(EventId = 8, Level = LogLevel.Debug, Message = "Connection {ConnectionId} had no transport for longer than {Timeout}; ending it.")]
    public static partial void DisconnectTimedOut(ILogger logger, string connectionId, TimeSpan timeout);

    [LoggerMessage(EventId = 9, Level = LogLevel.Debug, Message = "Connection {ConnectionId}: WebSocket lost, waiting up to {Timeout} for a stateful reconnect.")]
    public static partial void AwaitingReconnect(ILogger logger, string connectionId, TimeSpan timeout);

    [LoggerMessage(EventId = 10, Level = LogLevel.Debug, Message = "Connection {ConnectionId}: WebSocket re-attached (stateful reconnect).")]
    public static partial void Reconnected(ILogger logger, string connectionId);

    [LoggerMessage(EventId = 11, Level = LogLevel.Debug, Message = "Request rejected with {StatusCode}: {Reason}")]
    public static partial void RequestRejected(ILogger logger, int statusCode, string reason);

    [LoggerMessage(EventId = 12, Level = LogLevel.Information, Message = "Application stopping: closing {Count} connections.")]
    public static partial void ShuttingDown(ILogger logger, int count);

    [LoggerMessage(EventId = 13, Level = LogLevel.Warning, Message = "{Count} connections did not close within {Timeout} of shutdown; aborting them.")]
    public static partial void ShutdownTimedOut(ILogger logger, int count, TimeSpan timeout);

    [LoggerMessage(EventId = 14, Level = LogLevel.Error, Message = "The stateful reconnect callback of connection {ConnectionId} failed.")]
    public static partial void ReconnectCallbackFailed(ILogger logger, string connectionId, Exception exception);

    [LoggerMessage(EventId = 15, Level = LogLevel.Warning, Message = "Connection scavenging failed.")]
    public static partial void ScavengeFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 16, Level = LogLevel.Debug, Message = "WebSocket upgrade for connection {ConnectionId} failed.")]
    public static partial void UpgradeFailed(ILogger logger, string connectionId, Exception exception);

    [LoggerMessage(EventId = 17, Level = LogLevel.Information, Message = "Connection {ConnectionId} ended: its authentication expired.")]
    public static partial void AuthenticationExpired(ILogger logger, string connectionId);

    [LoggerMessage(EventId = 18, Level = LogLevel.Warning, Message = "New connection refused with {StatusCode}: {Reason} ({Suppressed} more refusals since the last report).")]
    public static partial void ConnectionRefused(ILogger logger, int statusCode, string reason, int suppressed);

    [LoggerMessage(EventId = 19, Level = LogLevel.Warning, Message = "Request for connection {ConnectionId} refused: it belongs to another identity ({Suppressed} more refusals since the last report).")]
    public static partial void ForeignIdentity(ILogger logger, string connectionId, int suppressed);

    [LoggerMessage(EventId = 20, Level = LogLevel.Warning, Message = "Request refused: origin {Origin} is not allowed ({Suppressed} more refusals since the last report).")]
    public static partial void OriginRefused(ILogger logger, string origin, int suppressed);

    [LoggerMessage(EventId = 21, Level = LogLevel.Debug, Message = "Connection {ConnectionId}: authentication expired; asking the application to close it.")]
    public static partial void AuthenticationExpiring(ILogger logger, string connectionId);
}
