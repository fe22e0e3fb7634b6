using System.Diagnostics.Metrics;

namespace HubFramework.Server.Hubs.Outbound;

/// <summary>
/// Counters of the per-connection outbound queues, in the meter <c>HubFramework.Server.Hubs</c>. Tags are at most the
/// protocol name (a cached string), so recording allocates nothing.
/// </summary>
internal static class OutboundMetrics
{
    /// <summary>The meter's name, shared with the rest of the hub layer.</summary>
    public const string MeterName = "HubFramework.Server.Hubs";

    public static readonly Meter Meter = new(MeterName);

    /// <summary>Bytes accepted for connections and not yet handed to their transports.</summary>
    public static readonly UpDownCounter<long> QueuedBytes = Meter.CreateUpDownCounter<long>(
        "hubframework.hub.outbound.queued_bytes", "By", "Bytes queued for connections and not yet handed to the transport.");

    /// <summary>Messages discarded under pressure (DropOldest, or CoalesceByKey with no matching key).</summary>
    public static readonly Counter<long> Dropped = Meter.CreateCounter<long>(
        "hubframework.hub.outbound.dropped", "{message}", "Messages discarded because a connection's outbound queue was full.");

    /// <summary>Queued messages replaced by a newer one with the same coalescing key.</summary>
    public static readonly Counter<long> Coalesced = Meter.CreateCounter<long>(
        "hubframework.hub.outbound.coalesced", "{message}", "Queued messages replaced by a newer message with the same key.");

    /// <summary>Connections closed because they could not keep up.</summary>
    public static readonly Counter<long> SlowConsumerDisconnects = Meter.CreateCounter<long>(
        "hubframework.hub.outbound.slow_consumer_disconnects", "{connection}", "Connections closed as slow consumers.");

    /// <summary>Messages handed to transports, by hub protocol.</summary>
    public static readonly Counter<long> MessagesSent = Meter.CreateCounter<long>(
        "hubframework.hub.outbound.messages_sent", "{message}", "Messages written to connections' transports.");

    /// <summary>Framed bytes handed to transports, by hub protocol.</summary>
    public static readonly Counter<long> BytesSent = Meter.CreateCounter<long>(
        "hubframework.hub.outbound.bytes_sent", "By", "Framed message bytes written to connections' transports.");

    /// <summary>Messages sent again after a stateful reconnect (not acknowledged before the transport dropped).</summary>
    public static readonly Counter<long> Replayed = Meter.CreateCounter<long>(
        "hubframework.hub.outbound.replayed", "{message}", "Unacknowledged messages replayed to a client that resumed its connection (stateful reconnect).");

    /// <summary>Connections resumed by stateful reconnect.</summary>
    public static readonly Counter<long> StatefulResumes = Meter.CreateCounter<long>(
        "hubframework.hub.stateful_resumes", "{resume}", "Connections resumed on a new transport by stateful reconnect.");

    /// <summary>Flushes to transports; messages per flush shows how well sends are batched.</summary>
    public static readonly Counter<long> Flushes = Meter.CreateCounter<long>(
        "hubframework.hub.outbound.flushes", "{flush}", "Flushes of batches of queued messages to transports.");
}
