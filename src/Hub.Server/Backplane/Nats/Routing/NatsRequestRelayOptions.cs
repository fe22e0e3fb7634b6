namespace HubFramework.Server.Backplane.Nats;

/// <summary>
/// Limits of request relaying: how a node serves a transport request (WebSocket, event stream, poll, POST, DELETE)
/// of a connection that another node owns, through that node over NATS (<see cref="NatsBackplaneOptions.Relay"/>).
/// </summary>
public sealed class NatsRequestRelayOptions
{
    /// <summary>
    /// How long the receiving node waits for the owner to take a relayed request; past it the client gets 503.
    /// A node that no longer exists is noticed at once (404). Default 5 s.
    /// </summary>
    public TimeSpan OpenTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// How long either side of a running relay (an event stream, a WebSocket, a pending poll) may stay silent before
    /// the other ends it as dead: the client's request is aborted (a WebSocket closed with a reason), the owner treats
    /// the transport as lost. Both sides send a keep-alive every third of this. Default 15 s.
    /// </summary>
    public TimeSpan PeerTimeout { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>Relayed requests this node serves at once, as receiving node and as owner each; beyond, 503. Default 10,000.</summary>
    public int MaxConcurrentRelays { get; set; } = 10_000;

    /// <summary>
    /// Largest payload of one relay message (bodies and WebSocket messages are cut into chunks of this size); the
    /// NATS server's max_payload caps it further. Default 64 KiB; at least 1 KiB.
    /// </summary>
    public int ChunkSize { get; set; } = 64 * 1024;

    /// <summary>
    /// Bytes one side of a relay may send before the other grants more (flow control: a slow client slows the owner's
    /// transport down instead of overflowing NATS buffers). Default 256 KiB; at least <see cref="ChunkSize"/>.
    /// </summary>
    public int WindowSize { get; set; } = 256 * 1024;

    internal void Validate()
    {
        var longest = TimeSpan.FromMilliseconds(uint.MaxValue - 1);
        Require(OpenTimeout > TimeSpan.Zero && OpenTimeout <= longest, nameof(OpenTimeout), OpenTimeout, "must be positive and at most 49 days");
        Require(PeerTimeout >= TimeSpan.FromMilliseconds(300) && PeerTimeout <= longest, nameof(PeerTimeout), PeerTimeout, "must be between 300 ms and 49 days");
        Require(MaxConcurrentRelays >= 1, nameof(MaxConcurrentRelays), MaxConcurrentRelays, "must be at least 1");
        Require(ChunkSize >= 1024, nameof(ChunkSize), ChunkSize, "must be at least 1024");
        Require(WindowSize >= ChunkSize, nameof(WindowSize), WindowSize, "must be at least ChunkSize");
    }

    private static void Require(bool valid, string name, object value, string rule)
    {
        if (!valid)
        {
            throw new InvalidOperationException($"NatsBackplaneOptions.Relay.{name} ({value}) {rule}.");
        }
    }
}
