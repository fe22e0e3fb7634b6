using Microsoft.Extensions.Logging;

namespace HubFramework.Server.Backplane.Nats;

/// <summary>Log messages of the NATS hub backplane (event ids 4100–4149).</summary>
internal static partial class NatsBackplaneLog
{
    [LoggerMessage(EventId = 4100, EventName = "PeerJoined", Level = LogLevel.Information, Message = "Backplane peer {NodeId} is alive ({Peers} peers).")]
    public static partial void PeerJoined(ILogger logger, string nodeId, int peers);

    [LoggerMessage(EventId = 4101, EventName = "PeerLost", Level = LogLevel.Warning, Message = "Backplane peer {NodeId} is gone ({Reason}); requests to its connections fail ({Peers} peers left).")]
    public static partial void PeerLost(ILogger logger, string nodeId, string reason, int peers);

    [LoggerMessage(EventId = 4102, EventName = "NatsDisconnected", Level = LogLevel.Warning, Message = "The NATS backplane lost its connection; local delivery carries on, messages for other nodes are buffered (up to {Messages} messages / {Bytes} bytes).")]
    public static partial void Disconnected(ILogger logger, int messages, long bytes);

    [LoggerMessage(EventId = 4103, EventName = "NatsReconnected", Level = LogLevel.Information, Message = "The NATS backplane is connected again; {Buffered} buffered messages are being sent.")]
    public static partial void Reconnected(ILogger logger, int buffered);

    [LoggerMessage(EventId = 4104, EventName = "OutageBufferFull", Level = LogLevel.Warning, Message = "The backplane's outage buffer is full ({Messages} messages / {Bytes} bytes): messages for other nodes are dropped ({Dropped} so far).")]
    public static partial void OutageBufferFull(ILogger logger, int messages, long bytes, long dropped);

    [LoggerMessage(EventId = 4105, EventName = "MessageTooLarge", Level = LogLevel.Warning, Message = "A backplane message for {Subject} of {Size} bytes exceeds the NATS server's max_payload ({MaxPayload} bytes); other nodes do not get it (local recipients did).")]
    public static partial void MessageTooLarge(ILogger logger, string subject, int size, long maxPayload);

    [LoggerMessage(EventId = 4106, EventName = "MalformedMessage", Level = LogLevel.Warning, Message = "Ignored a message on {Subject} that is not a valid backplane message: {Reason} ({Count} so far).")]
    public static partial void MalformedMessage(ILogger logger, string subject, string reason, long count);

    [LoggerMessage(EventId = 4107, EventName = "PublishFailed", Level = LogLevel.Warning, Message = "Publishing a backplane message on {Subject} failed; it is dropped.")]
    public static partial void PublishFailed(ILogger logger, Exception exception, string subject);

    [LoggerMessage(EventId = 4108, EventName = "SubscribeFailed", Level = LogLevel.Error, Message = "Subscribing to {Subject} failed; retrying shortly.")]
    public static partial void SubscribeFailed(ILogger logger, Exception exception, string subject);

    [LoggerMessage(EventId = 4109, EventName = "HandlerFailed", Level = LogLevel.Error, Message = "Handling a backplane message on {Subject} failed.")]
    public static partial void HandlerFailed(ILogger logger, Exception exception, string subject);

    [LoggerMessage(EventId = 4110, EventName = "SlowSubscriber", Level = LogLevel.Warning, Message = "NATS dropped a message for {Subject}: this node reads its subscription too slowly ({Dropped} dropped so far).")]
    public static partial void SlowSubscriber(ILogger logger, string subject, long dropped);

    [LoggerMessage(EventId = 4112, EventName = "DuplicateNodeId", Level = LogLevel.Error, Message = "Another process on the backplane uses this node's id {NodeId} (ClientConnectionsOptions.NodeId): messages and requests for connections will reach the wrong node. Give every node its own id.")]
    public static partial void DuplicateNodeId(ILogger logger, string nodeId);

    [LoggerMessage(EventId = 4111, EventName = "UnknownScope", Level = LogLevel.Debug, Message = "A request for hub scope {Scope} reached this node, which does not host it.")]
    public static partial void UnknownScope(ILogger logger, string scope);
}
