namespace HubFramework.Server.Hubs.Outbound;

/// <summary>Per-send overrides of the connection's outbound policy.</summary>
public sealed class SendOptions
{
    /// <summary>The policy for this send; null uses the hub's <see cref="OutboundQueueOptions.Policy"/>.</summary>
    public SlowConsumerPolicy? Policy { get; init; }

    /// <summary>With <see cref="SlowConsumerPolicy.CoalesceByKey"/>: a newer queued message with the same key replaces this one.</summary>
    public string? CoalesceKey { get; init; }

    /// <summary>Options for coalescing messages by <paramref name="key"/>.</summary>
    public static SendOptions Coalesce(string key) => new() { Policy = SlowConsumerPolicy.CoalesceByKey, CoalesceKey = key };

    /// <summary>Options for a message that may be dropped under pressure.</summary>
    public static readonly SendOptions Droppable = new() { Policy = SlowConsumerPolicy.DropOldest };
}
