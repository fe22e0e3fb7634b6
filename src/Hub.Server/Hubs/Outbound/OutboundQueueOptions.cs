namespace HubFramework.Server.Hubs.Outbound;

/// <summary>Caps of a connection's outbound queue and the default policy when they are reached.</summary>
public sealed class OutboundQueueOptions
{
    /// <summary>Most bytes queued for one connection. Default 1 MiB.</summary>
    public long MaxQueuedBytes { get; set; } = 1024 * 1024;

    /// <summary>Most messages queued for one connection. Default 4,096.</summary>
    public int MaxQueuedMessages { get; set; } = 4096;

    /// <summary>Policy for sends that do not name one. Default <see cref="SlowConsumerPolicy.Wait"/>.</summary>
    public SlowConsumerPolicy Policy { get; set; } = SlowConsumerPolicy.Wait;

    /// <summary>
    /// How long a <see cref="SlowConsumerPolicy.Wait"/> send may wait for room before the connection is closed as a slow
    /// consumer; also how long a closing connection may take to drain, and (with stateful reconnect) how long a full replay
    /// buffer may wait for an acknowledgement. Default 30 s; at most 24 days.
    /// </summary>
    public TimeSpan MaxWait { get; set; } = TimeSpan.FromSeconds(30);
}
