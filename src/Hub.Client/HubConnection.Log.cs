using HubFramework.Protocol;
using Microsoft.Extensions.Logging;

namespace HubFramework.Client;

public sealed partial class HubConnection
{
    /// <summary>Log events of the hub connection (event ids 1-99).</summary>
    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Information, "Connected with {Transport} (connection id {ConnectionId}).", EventName = "Started")]
        public static partial void Started(ILogger logger, HttpTransportType transport, string? connectionId);

        [LoggerMessage(2, LogLevel.Debug, "Handshake with the '{Protocol}' protocol completed.", EventName = "HandshakeCompleted")]
        public static partial void HandshakeCompleted(ILogger logger, string protocol);

        [LoggerMessage(3, LogLevel.Debug, "Stopping the connection.", EventName = "Stopping")]
        public static partial void Stopping(ILogger logger);

        [LoggerMessage(4, LogLevel.Debug, "The Close message could not be sent.", EventName = "CloseMessageNotSent")]
        public static partial void CloseMessageNotSent(ILogger logger, Exception exception);

        [LoggerMessage(5, LogLevel.Information, "Connection closed.", EventName = "Closed")]
        public static partial void Closed(ILogger logger, Exception? exception);

        [LoggerMessage(6, LogLevel.Error, "A handler of the {EventName} event threw.", EventName = "EventHandlerFailed")]
        public static partial void EventHandlerFailed(ILogger logger, string eventName, Exception exception);

        [LoggerMessage(10, LogLevel.Warning, "Connection lost; reconnecting.", EventName = "Reconnecting")]
        public static partial void Reconnecting(ILogger logger, Exception? exception);

        [LoggerMessage(11, LogLevel.Information, "Reconnect attempt {Attempt} after waiting {DelayMs} ms.", EventName = "ReconnectAttempt")]
        public static partial void ReconnectAttempt(ILogger logger, long attempt, double delayMs);

        [LoggerMessage(12, LogLevel.Warning, "Reconnect attempt {Attempt} failed.", EventName = "ReconnectAttemptFailed")]
        public static partial void ReconnectAttemptFailed(ILogger logger, long attempt, Exception exception);

        [LoggerMessage(13, LogLevel.Information, "Reconnected after {Attempts} attempt(s) (connection id {ConnectionId}).", EventName = "Reconnected")]
        public static partial void Reconnected(ILogger logger, long attempts, string? connectionId);

        [LoggerMessage(14, LogLevel.Warning, "Gave up reconnecting after {Attempts} attempt(s) in {Seconds} s.", EventName = "GaveUpReconnecting")]
        public static partial void GaveUpReconnecting(ILogger logger, long attempts, double seconds);

        [LoggerMessage(20, LogLevel.Debug, "The transport ended.", EventName = "TransportEnded")]
        public static partial void TransportEnded(ILogger logger);

        [LoggerMessage(21, LogLevel.Warning, "Receiving failed; the connection ends.", EventName = "ReceiveFailed")]
        public static partial void ReceiveFailed(ILogger logger, Exception exception);

        [LoggerMessage(22, LogLevel.Information, "The server sent Close (error: {Error}, allowReconnect: {AllowReconnect}).", EventName = "ServerClosed")]
        public static partial void ServerClosed(ILogger logger, string? error, bool allowReconnect);

        [LoggerMessage(23, LogLevel.Debug, "Dropped a replayed {MessageType} already processed.", EventName = "DuplicateDropped")]
        public static partial void DuplicateDropped(ILogger logger, string messageType);

        [LoggerMessage(24, LogLevel.Warning, "Completion for unknown invocation '{InvocationId}' ignored.", EventName = "UnexpectedCompletion")]
        public static partial void UnexpectedCompletion(ILogger logger, string? invocationId);

        [LoggerMessage(25, LogLevel.Warning, "Stream item for unknown invocation '{InvocationId}' ignored.", EventName = "UnexpectedStreamItem")]
        public static partial void UnexpectedStreamItem(ILogger logger, string? invocationId);

        [LoggerMessage(26, LogLevel.Warning, "Unexpected {MessageType} from the server ignored.", EventName = "UnexpectedMessage")]
        public static partial void UnexpectedMessage(ILogger logger, string messageType);

        [LoggerMessage(30, LogLevel.Warning, "No handler is registered for the client method '{Method}'.", EventName = "MissingHandler")]
        public static partial void MissingHandler(ILogger logger, string method);

        [LoggerMessage(31, LogLevel.Error, "A handler of '{Method}' threw.", EventName = "HandlerFailed")]
        public static partial void HandlerFailed(ILogger logger, string method, Exception exception);

        [LoggerMessage(32, LogLevel.Error, "The arguments of '{Method}' could not be bound to its handler's parameter types.", EventName = "ArgumentBindingFailed")]
        public static partial void ArgumentBindingFailed(ILogger logger, string method, Exception exception);

        [LoggerMessage(33, LogLevel.Warning, "The answer to the server's invocation '{InvocationId}' could not be sent.", EventName = "ClientResultNotSent")]
        public static partial void ClientResultNotSent(ILogger logger, string invocationId, Exception exception);

        [LoggerMessage(34, LogLevel.Debug, "CancelInvocation for '{InvocationId}' could not be sent.", EventName = "CancelInvocationNotSent")]
        public static partial void CancelInvocationNotSent(ILogger logger, string invocationId, Exception exception);

        [LoggerMessage(35, LogLevel.Warning, "Uploading stream '{StreamId}' failed.", EventName = "UploadFailed")]
        public static partial void UploadFailed(ILogger logger, string streamId, Exception exception);

        [LoggerMessage(40, LogLevel.Warning, "Nothing received from the server for {TimeoutMs} ms; closing the connection.", EventName = "ServerTimedOut")]
        public static partial void ServerTimedOut(ILogger logger, long timeoutMs);

        [LoggerMessage(41, LogLevel.Debug, "{MessageType} could not be sent.", EventName = "KeepAliveNotSent")]
        public static partial void KeepAliveNotSent(ILogger logger, string messageType, Exception exception);

        [LoggerMessage(50, LogLevel.Information, "The transport dropped; re-establishing it (stateful reconnect).", EventName = "Resuming")]
        public static partial void Resuming(ILogger logger, Exception? exception);

        [LoggerMessage(51, LogLevel.Information, "Transport re-established; replaying {Count} message(s) from sequence id {FirstSequenceId}.", EventName = "Resumed")]
        public static partial void Resumed(ILogger logger, long firstSequenceId, int count);

        [LoggerMessage(52, LogLevel.Warning, "Stateful reconnect failed; the connection ends.", EventName = "ResumeFailed")]
        public static partial void ResumeFailed(ILogger logger, Exception exception);
    }
}
