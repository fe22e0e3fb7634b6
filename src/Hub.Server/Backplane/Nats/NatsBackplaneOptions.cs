using NATS.Client.Core;

namespace HubFramework.Server.Backplane.Nats;

/// <summary>Options of the NATS backplane (<c>AddNatsBackplane</c>).</summary>
public sealed class NatsBackplaneOptions
{
    /// <summary>The NATS server(s) to connect to, e.g. <c>nats://127.0.0.1:4222</c> (comma-separated for several).</summary>
    public string Url { get; set; } = "nats://127.0.0.1:4222";

    /// <summary>
    /// The first token of every subject the backplane uses. Two applications on one NATS server never see each other's
    /// traffic when their prefixes differ. 1 to 64 of <c>A-Z a-z 0-9 - _</c>.
    /// </summary>
    public string SubjectPrefix { get; set; } = "hubs";

    /// <summary>
    /// NATS client options passed through as they are (authentication: user/password, token, NKey/JWT credentials;
    /// TLS; reconnect timing). <see cref="Url"/> and the connection name are set from this backplane's options on top.
    /// </summary>
    public NatsOpts? NatsOptions { get; set; }

    /// <summary>
    /// Request relaying: any node may receive any request of a connection (no sticky sessions); the others are served
    /// through the owning node over NATS.
    /// </summary>
    public NatsRequestRelayOptions Relay { get; } = new();

    /// <summary>How often this node announces itself to the others (default 2 s).</summary>
    public TimeSpan HeartbeatInterval { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>
    /// A peer not heard from for this long counts as dead (default 10 s): client results and group changes aimed at
    /// its connections fail instead of waiting. Must exceed <see cref="HeartbeatInterval"/>.
    /// </summary>
    public TimeSpan PeerTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How long a group change for a connection on another node may take before it fails (default 10 s).</summary>
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Messages for other nodes kept while NATS is unreachable (default 10,000); beyond it, or beyond
    /// <see cref="OutageBufferBytes"/>, new ones are dropped (counted and logged). Local delivery is never affected.
    /// </summary>
    public int OutageBufferMessages { get; set; } = 10_000;

    /// <summary>Bytes of messages for other nodes kept while NATS is unreachable (default 16 MiB).</summary>
    public long OutageBufferBytes { get; set; } = 16 * 1024 * 1024;

    /// <summary>
    /// Messages received from NATS waiting to be handled by this node (one ordered queue for all its subscriptions);
    /// beyond it new ones are dropped and counted rather than stalling the NATS connection (default 65,536).
    /// </summary>
    public int ReceiveBufferMessages { get; set; } = 65_536;
}
