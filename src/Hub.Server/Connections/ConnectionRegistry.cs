using System.Buffers;
using System.Collections.Concurrent;
using System.Diagnostics.CodeAnalysis;
using System.Security.Claims;
using HubFramework.Server.Connections.Security;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Connections;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace HubFramework.Server.Connections;

/// <summary>
/// The live connections of this node by connection token. Ends connections whose transport stayed away longer than
/// their disconnect timeout, and closes them all when the application stops.
/// </summary>
internal sealed class ConnectionRegistry : IDisposable
{
    /// <summary>The close reason a client gets when its connection's authentication expired.</summary>
    public const string AuthenticationExpiredReason = "Authentication expired: reconnect with fresh credentials.";

    private static readonly TimeSpan LongestDelay = TimeSpan.FromMilliseconds(uint.MaxValue - 1);

    private readonly ConcurrentDictionary<string, HttpClientConnection> _connections = new(StringComparer.Ordinal);
    private readonly ClientConnectionsOptions _options;
    private readonly ConnectionsMetrics _metrics;
    private readonly ILoggerFactory _loggerFactory;
    private readonly ILogger _logger;
    private readonly Timer _scavenger;
    private readonly CancellationTokenRegistration _onStopping;
    private volatile bool _stopping;
    private int _disposed;

    public ConnectionRegistry(
        IOptions<ClientConnectionsOptions> options,
        ConnectionsMetrics metrics,
        ILoggerFactory loggerFactory,
        IServiceProvider services)
    {
        _options = options.Value;
        // Both become timer and Task.Delay delays, which cannot exceed about 49.7 days; a larger shutdown timeout would
        // otherwise throw inside the shutdown sequence and leave connections to the host's own timeout.
        if (_options.ShutdownTimeout <= TimeSpan.Zero || _options.ShutdownTimeout > LongestDelay)
        {
            throw new ArgumentOutOfRangeException(nameof(options), _options.ShutdownTimeout, "ClientConnectionsOptions.ShutdownTimeout must be positive and at most 49 days.");
        }

        if (_options.ScavengeInterval <= TimeSpan.Zero || _options.ScavengeInterval > LongestDelay)
        {
            throw new ArgumentOutOfRangeException(nameof(options), _options.ScavengeInterval, "ClientConnectionsOptions.ScavengeInterval must be positive and at most 49 days.");
        }

        NodeId = _options.NodeId ?? ConnectionToken.CreateNodeId();
        if (!ConnectionToken.IsValidNodeId(NodeId))
        {
            throw new InvalidOperationException($"ClientConnectionsOptions.NodeId '{NodeId}' is invalid: use 1 to 32 characters of A-Z a-z 0-9 - _.");
        }

        RequirePositive(_options.MaxConnections, nameof(ClientConnectionsOptions.MaxConnections));
        RequirePositive(_options.MaxUnstartedConnections, nameof(ClientConnectionsOptions.MaxUnstartedConnections));
        RequirePositive(_options.MaxConnectionsPerUser, nameof(ClientConnectionsOptions.MaxConnectionsPerUser));
        RequirePositive(_options.MaxConnectionsPerRemoteAddress, nameof(ClientConnectionsOptions.MaxConnectionsPerRemoteAddress));
        Admission = new ConnectionAdmission(_options, DescriptorLimit.Read());

        _metrics = metrics;
        _loggerFactory = loggerFactory;
        _logger = loggerFactory.CreateLogger("HubFramework.Server.Connections");
        // Kestrel's block pool keeps returned blocks (and trims them when idle); the shared array pool keeps only a
        // few buffers per size, so a broadcast to many connections would allocate a fresh pipe buffer per connection.
        // Not disposed here: connections still draining after shutdown may rent from it, and Kestrel's factory trims it.
        PipeMemoryPool = (services.GetService(typeof(IMemoryPoolFactory<byte>)) as IMemoryPoolFactory<byte>)
            ?.Create(new MemoryPoolOptions { Owner = "HubFramework.Connections" });
        _scavenger = new Timer(static state => ((ConnectionRegistry)state!).Scavenge(), this, _options.ScavengeInterval, _options.ScavengeInterval);
        if (services.GetService(typeof(IHostApplicationLifetime)) is IHostApplicationLifetime lifetime)
        {
            _onStopping = lifetime.ApplicationStopping.Register(static state => ((ConnectionRegistry)state!).OnStopping(), this);
        }
    }

    /// <summary>This node's id, embedded in every connection token.</summary>
    public string NodeId { get; }

    /// <summary>The pool of every connection pipe's buffers; null (the shared pool) when the server offers none.</summary>
    public MemoryPool<byte>? PipeMemoryPool { get; }

    /// <summary>The connection caps of this node and their counts.</summary>
    public ConnectionAdmission Admission { get; }

    /// <summary>Whether the application is shutting down.</summary>
    public bool IsStopping => _stopping;

    public int Count => _connections.Count;

    public ILogger Logger => _logger;

    internal ConnectionsMetrics Metrics => _metrics;

    /// <summary>Shared by every refusal of this node (caps, origins, foreign identities).</summary>
    internal RefusalLogThrottle RefusalLog { get; } = new();

    /// <summary>Creates and registers a connection. With negotiate version 0 the token doubles as the connection id.</summary>
    public HttpClientConnection Create(ConnectionEndpointOptions endpointOptions, int negotiateVersion, bool statefulReconnect, ClaimsPrincipal user, AdmissionTicket? admission = null)
    {
        var token = ConnectionToken.Create(NodeId);
        // The connection id names the owning node too (as the token does), so a backplane can route a send, a group
        // change or a client result for it straight to that node; the random part keeps it unrelated to the token.
        var connectionId = negotiateVersion >= 1 ? ConnectionToken.Create(NodeId) : token;
        var connection = new HttpClientConnection(
            token,
            connectionId,
            statefulReconnect,
            user,
            endpointOptions,
            _options.ShutdownTimeout,
            this,
            _metrics,
            _loggerFactory.CreateLogger<HttpClientConnection>())
        {
            Admission = admission,
        };
        _connections[token] = connection;
        return connection;
    }

    /// <summary>
    /// Creates a connection for <paramref name="context"/> if the node's caps allow it; otherwise
    /// <paramref name="rejection"/> says why not (503/429). <paramref name="started"/>: its transport is attached
    /// at once (a WebSocket without negotiate), so it never counts as unstarted.
    /// </summary>
    public bool TryCreate(
        HttpContext context,
        ConnectionEndpointOptions endpointOptions,
        int negotiateVersion,
        bool statefulReconnect,
        bool started,
        [NotNullWhen(true)] out HttpClientConnection? connection,
        out ConnectionRejection rejection)
    {
        connection = null;
        if (!Admission.TryAdmit(context, ConnectionOwner.Of(context.User), started, out var ticket, out rejection))
        {
            if (RefusalLog.ShouldLog(out var suppressed))
            {
                ConnectionsLog.ConnectionRefused(_logger, rejection.StatusCode, rejection.Reason, suppressed);
            }

            _metrics.Refused(rejection.StatusCode);
            return false;
        }

        connection = Create(endpointOptions, negotiateVersion, statefulReconnect, context.User, ticket);
        return true;
    }

    public bool TryGet(string token, out HttpClientConnection? connection) => _connections.TryGetValue(token, out connection);

    internal void Remove(HttpClientConnection connection)
    {
        if (_connections.TryRemove(new KeyValuePair<string, HttpClientConnection>(connection.Token, connection)))
        {
            connection.Admission?.Release();
        }
    }

    private static void RequirePositive(int? value, string name)
    {
        if (value is <= 0)
        {
            throw new ArgumentOutOfRangeException(name, value, $"ClientConnectionsOptions.{name} must be positive (or null where null is allowed).");
        }
    }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        _scavenger.Dispose();
        _onStopping.Dispose();
        foreach (var connection in _connections.Values)
        {
            connection.Abort();
        }
    }

    private void Scavenge()
    {
        try
        {
            var now = Environment.TickCount64;
            var utcNow = DateTimeOffset.UtcNow;
            foreach (var connection in _connections.Values)
            {
                if (connection.IsExpired(now))
                {
                    connection.MarkTimedOut();
                    _ = connection.EndAsync();
                }
                else if (connection.IsAuthenticationExpired(utcNow))
                {
                    ConnectionsLog.AuthenticationExpiring(_logger, connection.ConnectionId);
                    if (!connection.RequestClose(AuthenticationExpiredReason))
                    {
                        ConnectionsLog.AuthenticationExpired(_logger, connection.ConnectionId);
                        _ = connection.EndAsync();
                    }
                }
                else if (connection.IsCloseOverdue(now))
                {
                    ConnectionsLog.AuthenticationExpired(_logger, connection.ConnectionId);
                    _ = connection.EndAsync();
                }
            }
        }
        catch (Exception ex)
        {
            // A timer callback must never throw: that would take the process down.
            ConnectionsLog.ScavengeFailed(_logger, ex);
        }
    }

    private void OnStopping()
    {
        _stopping = true;
        ConnectionsLog.ShuttingDown(_logger, _connections.Count);
        _ = ShutDownAsync();
    }

    /// <summary>
    /// Ends every connection within <see cref="ClientConnectionsOptions.ShutdownTimeout"/>, as gently as it allows:
    /// connections without a running application end at once; the others first get half the time to close by
    /// themselves (the hub layer watches the application's stopping and sends its Close message, which must not race
    /// an input that suddenly ends), then their input ends (a signal any handler understands), and whatever is left
    /// at the deadline is aborted.
    /// </summary>
    private async Task ShutDownAsync()
    {
        try
        {
            foreach (var connection in _connections.Values)
            {
                if (!connection.HasApplication)
                {
                    _ = connection.EndAsync();
                }
            }

            var half = _options.ShutdownTimeout / 2;
            await Task.Delay(half).ConfigureAwait(false);
            foreach (var connection in _connections.Values)
            {
                _ = connection.CloseGracefullyAsync();
            }

            await Task.Delay(_options.ShutdownTimeout - half).ConfigureAwait(false);
            AbortRemaining();
        }
        catch (Exception ex)
        {
            ConnectionsLog.ScavengeFailed(_logger, ex);
        }
    }

    private void AbortRemaining()
    {
        try
        {
            var remaining = _connections.Values.ToArray();
            if (remaining.Length > 0)
            {
                ConnectionsLog.ShutdownTimedOut(_logger, remaining.Length, _options.ShutdownTimeout);
            }

            foreach (var connection in remaining)
            {
                connection.Abort();
            }
        }
        catch (Exception ex)
        {
            ConnectionsLog.ScavengeFailed(_logger, ex);
        }
    }
}
