namespace HubFramework.Server.Backplane.Nats;

/// <summary>Cluster-wide room state on NATS Key/Value (registered by <c>AddNatsBackplane</c>).</summary>
public sealed class NatsRoomStoreOptions
{
    /// <summary>How often each node tells the others it is alive. Default 2 s.</summary>
    public TimeSpan HeartbeatInterval { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>
    /// A node silent for this long is dead: its room members leave (and the others get their leave events) within
    /// about this plus one <see cref="SweepInterval"/>. Must exceed twice <see cref="HeartbeatInterval"/>. Default 9 s.
    /// </summary>
    public TimeSpan NodeTimeout { get; set; } = TimeSpan.FromSeconds(9);

    /// <summary>How often each node looks for members of dead nodes. Default 1 s.</summary>
    public TimeSpan SweepInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>How long a join, update or leave waits for NATS before it fails. Default 5 s.</summary>
    public TimeSpan OperationTimeout { get; set; } = TimeSpan.FromSeconds(5);

    internal void Validate()
    {
        static void Positive(TimeSpan value, string name)
        {
            if (value <= TimeSpan.Zero || value > TimeSpan.FromDays(1))
            {
                throw new InvalidOperationException($"NatsRoomStoreOptions.{name} must be positive and at most a day (was {value}).");
            }
        }

        Positive(HeartbeatInterval, nameof(HeartbeatInterval));
        Positive(NodeTimeout, nameof(NodeTimeout));
        Positive(SweepInterval, nameof(SweepInterval));
        Positive(OperationTimeout, nameof(OperationTimeout));
        if (NodeTimeout < HeartbeatInterval * 2)
        {
            throw new InvalidOperationException($"NatsRoomStoreOptions.NodeTimeout ({NodeTimeout}) must be at least twice HeartbeatInterval ({HeartbeatInterval}), or live nodes would be taken for dead.");
        }
    }
}
