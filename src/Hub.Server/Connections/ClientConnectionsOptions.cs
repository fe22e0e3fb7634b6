namespace HubFramework.Server.Connections;

/// <summary>Server-wide connection settings (shared by every connection endpoint), set through <c>AddClientConnections</c>.</summary>
public sealed class ClientConnectionsOptions
{
    /// <summary>
    /// The id of this server node, embedded in every connection token so that a request for a connection can be routed
    /// to the node that owns it (see <see cref="ConnectionToken.TryGetNodeId"/>). 1 to 32 characters of
    /// <c>A-Z a-z 0-9 - _</c>. Default (null): a random id chosen at start-up.
    /// </summary>
    public string? NodeId { get; set; }

    /// <summary>
    /// How long ending a connection waits for its application and transport to finish before abandoning them, and
    /// how long stopping the server takes at most for connections: applications get the first half to close by
    /// themselves (watching <c>IHostApplicationLifetime.ApplicationStopping</c>, as the hub layer does), then their
    /// input ends, and connections still open at the deadline are aborted. Default: 5 s.
    /// </summary>
    public TimeSpan ShutdownTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How often connections without a transport are checked against their disconnect timeout. Default: 1 s.</summary>
    public TimeSpan ScavengeInterval { get; set; } = TimeSpan.FromSeconds(1);
}
