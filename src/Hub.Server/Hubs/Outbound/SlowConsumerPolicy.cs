namespace HubFramework.Server.Hubs.Outbound;

/// <summary>What happens when a message is sent to a connection whose outbound queue is full.</summary>
public enum SlowConsumerPolicy
{
    /// <summary>The sender waits for room (only for single-target sends; fan-out treats it as <see cref="Disconnect"/> so that no broadcast awaits one socket).</summary>
    Wait,

    /// <summary>The oldest queued droppable message is discarded to make room.</summary>
    DropOldest,

    /// <summary>A queued message with the same coalescing key is replaced by the new one (cursors, positions); otherwise as <see cref="DropOldest"/>.</summary>
    CoalesceByKey,

    /// <summary>The connection is closed with the error "slow consumer".</summary>
    Disconnect,
}
