using System.Net.WebSockets;
using Microsoft.Extensions.Logging;

namespace HubFramework.Server.Transports;

/// <summary>Transport log events (event ids 100-199).</summary>
internal static partial class TransportLog
{
    [LoggerMessage(EventId = 100, Level = LogLevel.Debug, Message = "WebSocket closed by the client with status {Status}.")]
    public static partial void WebSocketClosedByClient(ILogger logger, WebSocketCloseStatus? status);

    [LoggerMessage(EventId = 101, Level = LogLevel.Debug, Message = "WebSocket transport failed.")]
    public static partial void WebSocketFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 102, Level = LogLevel.Debug, Message = "The client did not complete the WebSocket close handshake within {Timeout}; aborting the socket.")]
    public static partial void WebSocketCloseTimedOut(ILogger logger, TimeSpan timeout);

    [LoggerMessage(EventId = 103, Level = LogLevel.Warning, Message = "A send to the client took longer than {Timeout}; the transport is closed.")]
    public static partial void SendTimedOut(ILogger logger, TimeSpan timeout);

    [LoggerMessage(EventId = 104, Level = LogLevel.Information, Message = "The client sent a WebSocket message over the {Limit}-byte buffering limit; closing.")]
    public static partial void MessageTooBig(ILogger logger, long limit);

    [LoggerMessage(EventId = 105, Level = LogLevel.Debug, Message = "The application did not finish sending within {Timeout} after the client closed; closing anyway.")]
    public static partial void ApplicationCloseTimedOut(ILogger logger, TimeSpan timeout);

    [LoggerMessage(EventId = 106, Level = LogLevel.Debug, Message = "The application ended with an error; closing the transport with an error status.")]
    public static partial void ApplicationFaulted(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 110, Level = LogLevel.Debug, Message = "Server-Sent Events request ended by the client.")]
    public static partial void ServerSentEventsClientGone(ILogger logger);

    [LoggerMessage(EventId = 120, Level = LogLevel.Trace, Message = "Long poll returned {Length} bytes.")]
    public static partial void PollReturnedData(ILogger logger, long length);

    [LoggerMessage(EventId = 121, Level = LogLevel.Trace, Message = "Long poll timed out with no data.")]
    public static partial void PollTimedOut(ILogger logger);

    [LoggerMessage(EventId = 122, Level = LogLevel.Debug, Message = "Long poll client went away before the response was written.")]
    public static partial void PollClientGone(ILogger logger);

    [LoggerMessage(EventId = 130, Level = LogLevel.Debug, Message = "HTTP POST body could not be read.")]
    public static partial void PostFailed(ILogger logger, Exception exception);
}
