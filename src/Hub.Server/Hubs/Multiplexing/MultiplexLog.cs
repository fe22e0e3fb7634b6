using Microsoft.Extensions.Logging;

namespace HubFramework.Server.Hubs.Multiplexing;

/// <summary>Log messages of namespace multiplexing (event ids 3101–3105).</summary>
internal static partial class MultiplexLog
{
    [LoggerMessage(3101, LogLevel.Debug, "Connection {ConnectionId}: channel '{Channel}' opened namespace '{Namespace}' as connection {ChannelConnectionId}.")]
    public static partial void Opened(ILogger logger, string connectionId, string channel, string @namespace, string channelConnectionId);

    [LoggerMessage(3102, LogLevel.Information, "Connection {ConnectionId}: opening namespace '{Namespace}' refused: {Reason}")]
    public static partial void OpenRefused(ILogger logger, string connectionId, string? @namespace, string reason);

    [LoggerMessage(3103, LogLevel.Debug, "Connection {ConnectionId}: data for channel '{Channel}', which is not open.")]
    public static partial void UnknownChannel(ILogger logger, string connectionId, string channel);

    [LoggerMessage(3104, LogLevel.Warning, "Connection {ConnectionId}: channel '{Channel}' failed.")]
    public static partial void ChannelFailed(ILogger logger, string connectionId, string channel, Exception exception);

    [LoggerMessage(3105, LogLevel.Debug, "Connection {ConnectionId}: malformed multiplexing message '{Target}'.")]
    public static partial void BadMessage(ILogger logger, string connectionId, string target);
}
