using System.Net.WebSockets;
using Microsoft.Extensions.Logging;

namespace HubFramework.Client.Transports;

/// <summary>Log events of the transports (event ids 150-199).</summary>
internal static partial class TransportLog
{
    [LoggerMessage(150, LogLevel.Debug, "Connecting the WebSocket to {Url}.", EventName = "StartingWebSocket")]
    public static partial void StartingWebSocket(ILogger logger, string url);

    [LoggerMessage(151, LogLevel.Debug, "The server closed the WebSocket with status {Status}.", EventName = "WebSocketClosedByServer")]
    public static partial void WebSocketClosedByServer(ILogger logger, WebSocketCloseStatus? status);

    [LoggerMessage(152, LogLevel.Debug, "Receiving from the WebSocket failed.", EventName = "WebSocketReceiveFailed")]
    public static partial void WebSocketReceiveFailed(ILogger logger, Exception exception);

    [LoggerMessage(153, LogLevel.Debug, "Sending on the WebSocket failed.", EventName = "WebSocketSendFailed")]
    public static partial void WebSocketSendFailed(ILogger logger, Exception exception);

    [LoggerMessage(154, LogLevel.Debug, "The server did not complete the close within {TimeoutMs} ms; the transport was aborted.", EventName = "CloseTimedOut")]
    public static partial void CloseTimedOut(ILogger logger, double timeoutMs);

    [LoggerMessage(155, LogLevel.Debug, "Opening the event stream {Url}.", EventName = "StartingServerSentEvents")]
    public static partial void StartingServerSentEvents(ILogger logger, string url);

    [LoggerMessage(156, LogLevel.Debug, "The server ended the event stream.", EventName = "EventStreamEnded")]
    public static partial void EventStreamEnded(ILogger logger);

    [LoggerMessage(157, LogLevel.Debug, "Reading the event stream failed.", EventName = "EventStreamFailed")]
    public static partial void EventStreamFailed(ILogger logger, Exception exception);

    [LoggerMessage(158, LogLevel.Debug, "Sending to the server failed.", EventName = "SendFailed")]
    public static partial void SendFailed(ILogger logger, Exception exception);

    [LoggerMessage(159, LogLevel.Trace, "Posting {Count} bytes.", EventName = "PostingMessages")]
    public static partial void PostingMessages(ILogger logger, long count);

    [LoggerMessage(160, LogLevel.Debug, "Starting long polling on {Url}.", EventName = "StartingLongPolling")]
    public static partial void StartingLongPolling(ILogger logger, string url);

    [LoggerMessage(161, LogLevel.Debug, "Polling failed.", EventName = "PollFailed")]
    public static partial void PollFailed(ILogger logger, Exception exception);

    [LoggerMessage(162, LogLevel.Debug, "A poll timed out without an answer; polling again.", EventName = "PollTimedOut")]
    public static partial void PollTimedOut(ILogger logger);

    [LoggerMessage(163, LogLevel.Debug, "The server closed the connection (204 on a poll).", EventName = "PollClosedByServer")]
    public static partial void PollClosedByServer(ILogger logger);

    [LoggerMessage(164, LogLevel.Debug, "DELETE answered {StatusCode}.", EventName = "DeleteSent")]
    public static partial void DeleteSent(ILogger logger, int statusCode);

    [LoggerMessage(165, LogLevel.Debug, "DELETE failed.", EventName = "DeleteFailed")]
    public static partial void DeleteFailed(ILogger logger, Exception exception);
}
