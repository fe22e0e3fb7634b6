using Microsoft.Extensions.Logging;

namespace HubFramework.Server.Hubs;

/// <summary>Log messages of the in-memory lifetime manager (event ids 3150–3199).</summary>
internal static partial class LifetimeLog
{
    [LoggerMessage(EventId = 3150, EventName = "UnexpectedClientResult", Level = LogLevel.Debug, Message = "Connection {ConnectionId} sent a result for invocation {InvocationId}, which is not waiting for one (cancelled, or never asked); ignored.")]
    public static partial void UnexpectedClientResult(ILogger logger, string connectionId, string? invocationId);

    [LoggerMessage(EventId = 3151, EventName = "ClientResultCanceled", Level = LogLevel.Debug, Message = "The server cancelled the client result {InvocationId} of connection {ConnectionId}.")]
    public static partial void ClientResultCanceled(ILogger logger, string connectionId, string invocationId);
}
