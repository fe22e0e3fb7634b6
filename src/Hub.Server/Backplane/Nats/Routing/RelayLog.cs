using Microsoft.Extensions.Logging;

namespace HubFramework.Server.Backplane.Nats;

/// <summary>Request-relay log events (event ids 4500-4549).</summary>
internal static partial class RelayLog
{
    [LoggerMessage(EventId = 4500, Level = LogLevel.Debug, Message = "Relaying a {Kind} request of endpoint {Endpoint} to node {Owner}.")]
    public static partial void Relaying(ILogger logger, string kind, string endpoint, string owner);

    [LoggerMessage(EventId = 4501, Level = LogLevel.Debug, Message = "Serving a relayed {Kind} request of endpoint {Endpoint} from node {Edge}.")]
    public static partial void Serving(ILogger logger, string kind, string endpoint, string edge);

    [LoggerMessage(EventId = 4502, Level = LogLevel.Information, Message = "Node {Owner} named by a connection token does not exist (any more); answering 404.")]
    public static partial void OwnerGone(ILogger logger, string owner);

    [LoggerMessage(EventId = 4503, Level = LogLevel.Warning, Message = "Node {Owner} did not take a relayed request within {Timeout}; answering 503.")]
    public static partial void OwnerTimedOut(ILogger logger, string owner, TimeSpan timeout);

    [LoggerMessage(EventId = 4504, Level = LogLevel.Warning, Message = "{Limit} relayed requests are in progress ({Role}); refusing another with 503.")]
    public static partial void TooManyRelays(ILogger logger, int limit, RelayRole role);

    [LoggerMessage(EventId = 4505, Level = LogLevel.Debug, Message = "Relay stream {Stream} ({Role}) aborted: {Reason}")]
    public static partial void Aborted(ILogger logger, ulong stream, RelayRole role, string reason);

    [LoggerMessage(EventId = 4506, Level = LogLevel.Warning, Message = "A malformed message on relay subject {Subject} was dropped.")]
    public static partial void Malformed(ILogger logger, string subject);

    [LoggerMessage(EventId = 4507, Level = LogLevel.Error, Message = "The relay subscription on {Subject} failed; subscribing again.")]
    public static partial void SubscriptionFailed(ILogger logger, string subject, Exception exception);

    [LoggerMessage(EventId = 4508, Level = LogLevel.Debug, Message = "A relay frame for unknown stream {Stream} was dropped (the relay already ended).")]
    public static partial void UnknownStream(ILogger logger, ulong stream);

    [LoggerMessage(EventId = 4509, Level = LogLevel.Warning, Message = "A relayed request of endpoint {Endpoint} is too large to relay: its head alone exceeds NATS max_payload ({MaxPayload} bytes); answering 431.")]
    public static partial void HeadTooLarge(ILogger logger, string endpoint, long maxPayload);

    [LoggerMessage(EventId = 4510, Level = LogLevel.Error, Message = "Serving a relayed request of endpoint {Endpoint} failed.")]
    public static partial void ServeFailed(ILogger logger, string endpoint, Exception exception);

    [LoggerMessage(EventId = 4511, Level = LogLevel.Warning, Message = "A relayed request named endpoint {Endpoint}, which this node does not map; answering 404.")]
    public static partial void UnknownEndpoint(ILogger logger, string endpoint);

    [LoggerMessage(EventId = 4513, Level = LogLevel.Warning, Message = "Relay stream {Stream} ({Role}) failed: {Reason}")]
    public static partial void Failed(ILogger logger, ulong stream, RelayRole role, string reason);

    [LoggerMessage(EventId = 4512, Level = LogLevel.Warning, Message = "Relaying to node {Owner} failed before it answered; answering 503.")]
    public static partial void OpenFailed(ILogger logger, string owner, Exception exception);
}
