using System.Security.Claims;
using HubFramework.Protocol;
using HubFramework.Server.Connections;
using HubFramework.Server.Hubs.Connection;
using HubFramework.Server.Hubs.Outbound;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace HubFramework.Server.Hubs;

/// <summary>
/// The hub layer's view of one connection after the handshake: identity, protocol and outbound writes.
/// Owned by the hub connection handler; the lifetime manager uses it to deliver messages.
/// </summary>
public class HubConnectionContext
{
    private readonly CancellationTokenSource _aborted = new();
    private readonly CancellationTokenRegistration _connectionClosedRegistration;
    private CloseMessage? _requestedClose;
    private int _closeRequested;
    private HubCallerContext? _callerContext;

    /// <summary>Creates the context over a connection-layer connection, with default options.</summary>
    internal HubConnectionContext(ClientConnection connection, IHubProtocol protocol, string? userIdentifier)
        : this(connection, protocol, userIdentifier, new HubOptions(), NullLogger.Instance)
    {
    }

    /// <summary>Creates the context and its outbound queue over <paramref name="connection"/>'s output.</summary>
    internal HubConnectionContext(ClientConnection connection, IHubProtocol protocol, string? userIdentifier, HubOptions options, ILogger logger)
    {
        Connection = connection;
        Protocol = protocol;
        UserIdentifier = userIdentifier;
        Outbound = new ConnectionOutbound(
            connection.Transport.Output,
            protocol,
            options,
            connection.StatefulReconnectEnabled,
            reason => Abort(reason, allowReconnect: true),
            logger);
        var now = Environment.TickCount64;
        LastReceivedTimestamp = now;
        LastPingTimestamp = now;
        // The client gets the reason and may come back (with fresh credentials, when authentication expired).
        connection.OnCloseRequested(reason => Abort(reason, allowReconnect: true));
        _connectionClosedRegistration = connection.ConnectionClosed.Register(
            static state => ((HubConnectionContext)state!).CancelAborted(),
            this);
    }

    internal ClientConnection Connection { get; }

    /// <summary>The connection id.</summary>
    public string ConnectionId => Connection.ConnectionId;

    /// <summary>The user id (from <see cref="IUserIdProvider"/>), or null.</summary>
    public string? UserIdentifier { get; internal set; }

    /// <summary>The authenticated user.</summary>
    public ClaimsPrincipal User => Connection.User;

    /// <summary>The hub protocol chosen in the handshake.</summary>
    public IHubProtocol Protocol { get; }

    /// <summary>State kept for the connection's lifetime.</summary>
    public IDictionary<object, object?> Items => Connection.Items;

    /// <summary>The HTTP context of the request carrying the connection.</summary>
    public HttpContext? HttpContext => Connection.HttpContext;

    /// <summary>Signalled when the connection ends or is aborted.</summary>
    public CancellationToken ConnectionAborted => _aborted.Token;

    /// <summary>The connection's outbound queue: every message to this client goes through it.</summary>
    internal ConnectionOutbound Outbound { get; }

    /// <summary>Queues <paramref name="message"/> for this connection (serialized with its protocol).</summary>
    public ValueTask WriteAsync(HubMessage message, SendOptions? options = null, CancellationToken cancellationToken = default)
        => Outbound.WriteAsync(message, options, cancellationToken);

    /// <summary>Closes the connection: a Close message without error, then the transport closes.</summary>
    public void Abort() => Abort(error: null, allowReconnect: false);

    /// <summary>
    /// Closes the connection with a Close message carrying <paramref name="error"/> and <paramref name="allowReconnect"/>.
    /// Only the first request counts; the receive loop stops and the handler closes the connection.
    /// </summary>
    internal void Abort(string? error, bool allowReconnect)
    {
        if (Interlocked.Exchange(ref _closeRequested, 1) != 0)
        {
            return;
        }

        Volatile.Write(ref _requestedClose, error is null && !allowReconnect ? CloseMessage.Empty : new CloseMessage(error, allowReconnect));
        CancelAborted();
        Connection.Transport.Input.CancelPendingRead();
    }

    /// <summary>The Close message requested through <see cref="Abort(string?, bool)"/>, or null.</summary>
    internal CloseMessage? RequestedClose => Volatile.Read(ref _requestedClose);

    internal bool IsCloseRequested => Volatile.Read(ref _closeRequested) != 0;

    /// <summary>The <see cref="HubCallerContext"/> handed to hubs and filters (one per connection).</summary>
    internal HubCallerContext CallerContext => _callerContext ??= new DefaultHubCallerContext(this);

    /// <summary>The namespace the connection is in (its canonical endpoint path).</summary>
    internal string Namespace { get; set; } = string.Empty;

    /// <summary>The group manager of the connection's namespace, handed to hubs.</summary>
    internal IGroupManager Groups { get; set; } = default!;

    /// <summary>The room manager of the connection's namespace, handed to hubs.</summary>
    internal IRoomManager Rooms { get; set; } = default!;

    /// <summary>The caller-relative clients handed to hubs (one per connection).</summary>
    internal IHubCallerClients CallerClients { get; set; } = default!;

    internal ActiveInvocations ActiveInvocations { get; } = new();

    internal ClientStreamRegistry ClientStreams { get; } = new();

    internal InboundSequence InboundSequence { get; } = new();

    internal InvocationScheduler Scheduler { get; set; } = default!;

    internal InvocationRateLimiter? RateLimiter { get; set; }

    /// <summary>The extra namespaces this connection carries; null when multiplexing is off for it.</summary>
    internal Multiplexing.NamespaceMultiplexer? Multiplexer { get; set; }

    /// <summary>When bytes last arrived from the client (Environment.TickCount64).</summary>
    internal long LastReceivedTimestamp { get; set; }

    /// <summary>When the last keep-alive ping was queued (Environment.TickCount64).</summary>
    internal long LastPingTimestamp { get; set; }

    /// <summary>When the handshake completed.</summary>
    internal DateTimeOffset ConnectedAt { get; } = DateTimeOffset.UtcNow;

    /// <summary>The connection's span, when tracing listens: invocation spans link to it.</summary>
    internal System.Diagnostics.Activity? Activity { get; set; }

    /// <summary>Stops watching the connection-layer token (the connection has ended).</summary>
    internal void ReleaseResources()
    {
        _connectionClosedRegistration.Dispose();
        CancelAborted();
    }

    private void CancelAborted()
    {
        try
        {
            _aborted.Cancel();
        }
        catch (AggregateException)
        {
            // A callback registered by application code threw; the connection ends regardless.
        }
    }
}
