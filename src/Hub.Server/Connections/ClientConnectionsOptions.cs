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

    /// <summary>
    /// Connections this node holds at most (every endpoint together); beyond it new connections are refused with 503
    /// and a reason, and those it has keep being served. Default (null): derived from the process's open-file limit
    /// (<c>ulimit -n</c>), three fifths of the descriptors not held at start-up (Kestrel's own sockets get three tenths, the runtime, files, NATS sockets and outgoing requests the rest); no cap
    /// where the platform has no such limit.
    /// </summary>
    public int? MaxConnections { get; set; }

    /// <summary>
    /// Connections negotiated whose first transport request has not arrived yet, at most; beyond it negotiates get
    /// 503. Each also expires after its endpoint's <see cref="ConnectionEndpointOptions.DisconnectTimeout"/>.
    /// Default: 10,000.
    /// </summary>
    public int MaxUnstartedConnections { get; set; } = 10_000;

    /// <summary>Connections one authenticated user may hold on this node; beyond it 429. Default (null): no limit.</summary>
    public int? MaxConnectionsPerUser { get; set; }

    /// <summary>
    /// Connections one remote IP address may hold on this node; beyond it 429. Behind a proxy this is the proxy's
    /// address unless forwarded headers are applied first. Default (null): no limit.
    /// </summary>
    public int? MaxConnectionsPerRemoteAddress { get; set; }

    /// <summary>
    /// Whether Kestrel's <c>MaxConcurrentConnections</c>, when the application left it unset, is set from the
    /// open-file limit (three tenths of the descriptors not held at start-up: WebSocket connections, which Kestrel counts apart, are bounded by MaxConnections), so that a flood of raw sockets cannot exhaust the
    /// descriptors either. Default: true.
    /// </summary>
    public bool LimitServerSocketsToDescriptors { get; set; } = true;

    /// <summary>
    /// Whether every log line of the application (ASP.NET Core's request logs included) has access tokens, connection
    /// tokens (<c>id</c> and <c>access_token</c> query values) and bearer credentials replaced by <c>[redacted]</c>.
    /// <c>AddClientConnections</c> wraps the application's <c>ILoggerFactory</c> for it. Default: true.
    /// </summary>
    public bool RedactSecretsInLogs { get; set; } = true;
}
