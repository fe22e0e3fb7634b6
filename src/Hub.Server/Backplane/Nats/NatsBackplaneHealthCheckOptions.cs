namespace HubFramework.Server.Backplane.Nats;

/// <summary>Options of the NATS backplane health check.</summary>
public sealed class NatsBackplaneHealthCheckOptions
{
    /// <summary>How long the NATS server has to answer the check's PING. Default 2 seconds; 1 ms to 1 minute.</summary>
    public TimeSpan PingTimeout { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Peers below which the check reports degraded (needs a backplane that tracks peers). Default 0; 0 to 10,000.</summary>
    public int MinimumPeers { get; set; }

    internal void Validate()
    {
        if (PingTimeout < TimeSpan.FromMilliseconds(1) || PingTimeout > TimeSpan.FromMinutes(1))
        {
            throw new InvalidOperationException($"NatsBackplaneHealthCheckOptions.PingTimeout must be between 1 ms and 1 minute, not {PingTimeout}.");
        }

        if (MinimumPeers is < 0 or > 10_000)
        {
            throw new InvalidOperationException($"NatsBackplaneHealthCheckOptions.MinimumPeers must be between 0 and 10000, not {MinimumPeers}.");
        }
    }
}
