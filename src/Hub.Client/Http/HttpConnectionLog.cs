using HubFramework.Protocol;
using Microsoft.Extensions.Logging;

namespace HubFramework.Client.Http;

/// <summary>Log events of the connection layer (event ids 100-149).</summary>
internal static partial class HttpConnectionLog
{
    [LoggerMessage(100, LogLevel.Debug, "Negotiating with {Url}.", EventName = "Negotiating")]
    public static partial void Negotiating(ILogger logger, string url);

    [LoggerMessage(101, LogLevel.Information, "Negotiation redirected to {Url}.", EventName = "Redirected")]
    public static partial void Redirected(ILogger logger, string url);

    [LoggerMessage(102, LogLevel.Information, "Skipping transport {Transport}: {Reason}.", EventName = "TransportSkipped")]
    public static partial void TransportSkipped(ILogger logger, HttpTransportType transport, string reason);

    [LoggerMessage(103, LogLevel.Information, "Connected with transport {Transport} (connection id {ConnectionId}).", EventName = "TransportSelected")]
    public static partial void TransportSelected(ILogger logger, HttpTransportType transport, string? connectionId);

    [LoggerMessage(104, LogLevel.Information, "The WebSocket was re-established after {Attempts} attempt(s).", EventName = "TransportResumed")]
    public static partial void TransportResumed(ILogger logger, int attempts);

    [LoggerMessage(105, LogLevel.Debug, "Re-establishing the WebSocket failed (attempt {Attempt}).", EventName = "ResumeAttemptFailed")]
    public static partial void ResumeAttemptFailed(ILogger logger, int attempt, Exception exception);
}
