using Microsoft.Extensions.Logging;

namespace HubFramework.Server.Hubs.Outbound;

/// <summary>Log messages of the outbound queues (event ids 3100–3149).</summary>
internal static partial class OutboundLog
{
    [LoggerMessage(EventId = 3100, EventName = "SlowConsumer", Level = LogLevel.Warning, Message = "Closing the connection: {Reason}")]
    public static partial void SlowConsumer(ILogger logger, string reason);

    [LoggerMessage(EventId = 3101, EventName = "OutboundWriteFailed", Level = LogLevel.Debug, Message = "Writing to the transport failed; queued messages are kept for a stateful reconnect: {Stateful}")]
    public static partial void WriteFailed(ILogger logger, bool stateful, Exception exception);

    [LoggerMessage(EventId = 3102, EventName = "TransportStoppedReading", Level = LogLevel.Debug, Message = "The transport stopped reading outbound messages.")]
    public static partial void TransportCompleted(ILogger logger);

    [LoggerMessage(EventId = 3103, EventName = "AckBeyondSent", Level = LogLevel.Debug, Message = "The client acknowledged sequence id {SequenceId}, beyond the last one sent ({LastSent}); clamped.")]
    public static partial void AckBeyondSent(ILogger logger, long sequenceId, long lastSent);

    [LoggerMessage(EventId = 3104, EventName = "OutboundReplayed", Level = LogLevel.Debug, Message = "Reconnected: sent Sequence {SequenceId} and replayed {Count} unacknowledged messages.")]
    public static partial void Replayed(ILogger logger, long sequenceId, int count);

    [LoggerMessage(EventId = 3105, EventName = "OutboundDrainAbandoned", Level = LogLevel.Debug, Message = "Stopped draining the outbound queue before it emptied ({Count} messages discarded).")]
    public static partial void DrainAbandoned(ILogger logger, int count);

    [LoggerMessage(EventId = 3106, EventName = "SlowConsumerCallbackFailed", Level = LogLevel.Error, Message = "Closing a slow consumer failed.")]
    public static partial void SlowConsumerCallbackFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 3107, EventName = "OutboundSenderFailed", Level = LogLevel.Error, Message = "The outbound sender loop failed.")]
    public static partial void SenderFailed(ILogger logger, Exception exception);
}
