using System.Buffers;
using System.Collections.Concurrent;
using System.Diagnostics;
using System.IO.Pipelines;
using System.Security.Claims;
using HubFramework.Protocol;
using HubFramework.Server.Connections.Security;
using HubFramework.Server.Transports;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Logging;

namespace HubFramework.Server.Connections;

/// <summary>
/// A connection carried by HTTP transports: two pipes (inbound from the client, outbound to it), the transport
/// request currently carrying it, and its lifetime from negotiate (or WebSocket upgrade) to end.
/// </summary>
internal sealed partial class HttpClientConnection : ClientConnection
{
    private readonly object _sync = new();
    private readonly ConnectionRegistry _registry;
    private readonly ConnectionsMetrics _metrics;
    private readonly ILogger _logger;
    private readonly TimeSpan _shutdownTimeout;
    private readonly Pipe _inbound;
    private readonly PipeOptions _outboundOptions;
    private readonly ConnectionDuplexPipe _applicationPipe;
    private readonly CancellationTokenSource _closed = new();
    private readonly long _startedAt = Stopwatch.GetTimestamp();
    private readonly bool _statefulReconnect;

    private Pipe _outbound;
    private HttpTransportType _transportType;
    private TransportLease? _lease;
    private bool _attached;
    private bool _ending;
    private bool _reconnectDisabled;
    private bool _applicationCompleted;
    private bool _timedOut;
    private long _lastSeen = Environment.TickCount64;
    private Task? _application;
    private Task? _end;
    private Func<PipeWriter, Task>? _onReconnected;
    private Action<string>? _onCloseRequested;
    private long _closeRequestedAt;
    private ClaimsPrincipal _user;
    private HttpContext? _httpContext;
    private int _postInProgress;
    private ConcurrentDictionary<object, object?>? _items;
    private DateTimeOffset? _authenticationExpiresAt;
    private volatile TransferFormat _activeFormat = TransferFormat.Text;
    private string? _endpointPath;
    private RouteValueDictionary? _routeValues;

    public HttpClientConnection(
        string token,
        string connectionId,
        bool statefulReconnect,
        ClaimsPrincipal user,
        ConnectionEndpointOptions options,
        TimeSpan shutdownTimeout,
        ConnectionRegistry registry,
        ConnectionsMetrics metrics,
        ILogger logger)
    {
        Token = token;
        ConnectionId = connectionId;
        _statefulReconnect = statefulReconnect;
        _user = user;
        Owner = ConnectionOwner.Of(user);
        Options = options;
        _shutdownTimeout = shutdownTimeout;
        _registry = registry;
        _metrics = metrics;
        _logger = logger;

        _inbound = new Pipe(CreatePipeOptions(options.TransportMaxBufferSize, registry.PipeMemoryPool));
        _outboundOptions = CreatePipeOptions(options.ApplicationMaxBufferSize, registry.PipeMemoryPool);
        _outbound = new Pipe(_outboundOptions);
        InboundGate = new InboundPipeGate(_inbound.Writer);
        _applicationPipe = new ConnectionDuplexPipe(this);
    }

    /// <summary>The secret key of later requests (also the id with negotiate version 0).</summary>
    public string Token { get; }

    public override string? EndpointPath => _endpointPath;

    public override RouteValueDictionary RouteValues => _routeValues ?? base.RouteValues;

    public ConnectionEndpointOptions Options { get; }

    /// <summary>Records the endpoint path (and route values) the connection was opened at; set once, at creation.</summary>
    public void BindEndpoint(string endpointPath, RouteValueDictionary routeValues)
    {
        _endpointPath = endpointPath;
        _routeValues = new RouteValueDictionary(routeValues);
    }

    public override string ConnectionId { get; }

    public override IDuplexPipe Transport => _applicationPipe;

    public override ClaimsPrincipal User => _user;

    public override HttpContext? HttpContext => _httpContext;

    // Created on first use: many connections never need it, and idle connections should stay small.
    public override IDictionary<object, object?> Items
        => _items ?? Interlocked.CompareExchange(ref _items, new ConcurrentDictionary<object, object?>(), null) ?? _items;

    public override HttpTransportType TransportType => _transportType;

    public override TransferFormat ActiveFormat
    {
        get => _activeFormat;
        set => _activeFormat = value;
    }

    public override bool HasInherentKeepAlive => _transportType == HttpTransportType.LongPolling;

    public override CancellationToken ConnectionClosed => _closed.Token;

    public override bool StatefulReconnectEnabled => _statefulReconnect;

    /// <summary>Transports write client bytes through this gate.</summary>
    public InboundPipeGate InboundGate { get; }

    /// <summary>What transports send from (replaced on a stateful reconnect).</summary>
    public PipeReader OutboundReader
    {
        get
        {
            lock (_sync)
            {
                return _outbound.Reader;
            }
        }
    }

    internal PipeReader ApplicationInput => _inbound.Reader;

    internal PipeWriter ApplicationOutput
    {
        get
        {
            lock (_sync)
            {
                return _outbound.Writer;
            }
        }
    }

    public override void Abort(Exception? reason = null)
    {
        ConnectionsLog.Aborted(_logger, ConnectionId, reason);
        _ = EndAsync(reason);
    }

    public override void OnReconnected(Func<PipeWriter, Task> callback)
    {
        ArgumentNullException.ThrowIfNull(callback);
        _onReconnected = callback;
    }

    public override void DisableReconnect()
    {
        lock (_sync)
        {
            _reconnectDisabled = true;
        }
    }

    /// <summary>Claims the connection for a transport request; <paramref name="previous"/> is the request it replaces.</summary>
    public TransportAcquisition TryAcquireTransport(HttpTransportType transport, out TransportLease? lease, out TransportLease? previous)
    {
        lease = null;
        previous = null;
        lock (_sync)
        {
            if (_ending)
            {
                return TransportAcquisition.Gone;
            }

            if (_transportType != HttpTransportType.None && _transportType != transport)
            {
                return TransportAcquisition.WrongTransport;
            }

            // Long polls always supersede each other; a WebSocket may come back only with stateful reconnect.
            var replaceable = transport == HttpTransportType.LongPolling
                || (transport == HttpTransportType.WebSockets && _statefulReconnect && !_reconnectDisabled && !_applicationCompleted);
            if ((_lease is not null || _attached) && !replaceable)
            {
                return TransportAcquisition.Conflict;
            }

            previous = _lease;
            _transportType = transport;
            lease = new TransportLease(transport);
            _lease = lease;
        }

        previous?.RequestStop();
        return TransportAcquisition.Acquired;
    }

    /// <summary>Lets go of the connection; from now on the disconnect timeout runs until the next transport request.</summary>
    public void ReleaseTransport(TransportLease lease)
    {
        lock (_sync)
        {
            if (ReferenceEquals(_lease, lease))
            {
                _lease = null;
                _lastSeen = Environment.TickCount64;
            }
        }

        lease.MarkReleased();
    }

    /// <summary>Records the request that carries the connection; true the first time (the application must start).</summary>
    public bool Attach(HttpContext context, IServiceProvider services)
    {
        bool first;
        lock (_sync)
        {
            first = !_attached;
            _attached = true;
            if (first)
            {
                _user = context.User;
                _authenticationExpiresAt = AuthenticationExpiry(context) ?? _authenticationExpiresAt;
                _httpContext = _transportType == HttpTransportType.LongPolling
                    ? HttpContextSnapshot.Create(context, services, _closed.Token)
                    : context;
            }
            else if (_transportType == HttpTransportType.WebSockets)
            {
                _httpContext = context;
            }
        }

        if (first)
        {
            Admission?.MarkStarted();
            _metrics.Attached(_transportType);
            ConnectionsLog.TransportAttached(_logger, ConnectionId, _transportType);
        }

        return first;
    }

    /// <summary>
    /// The request carrying the connection is about to end while the connection lives on (a WebSocket waiting for a
    /// stateful reconnect): the application keeps a copy of it, not the request the server is about to recycle.
    /// </summary>
    public void DetachRequest(HttpContext context, IServiceProvider services)
    {
        var snapshot = HttpContextSnapshot.Create(context, services, _closed.Token);
        lock (_sync)
        {
            if (ReferenceEquals(_httpContext, context))
            {
                _httpContext = snapshot;
            }
        }
    }

    /// <summary>Records when the negotiating request's authentication expires (for <see cref="ConnectionEndpointOptions.CloseOnAuthenticationExpiration"/>).</summary>
    public void RecordAuthentication(HttpContext context)
    {
        lock (_sync)
        {
            _authenticationExpiresAt = AuthenticationExpiry(context);
        }
    }

    /// <summary>Whether the connection must end because its authentication expired.</summary>
    public bool IsAuthenticationExpired(DateTimeOffset now)
    {
        if (!Options.CloseOnAuthenticationExpiration)
        {
            return false;
        }

        lock (_sync)
        {
            return !_ending && _closeRequestedAt == 0 && _authenticationExpiresAt is { } expires && expires <= now;
        }
    }

    /// <summary>Starts the application on this connection unless it has already ended.</summary>
    public void StartApplication(IConnectionHandler handler)
    {
        lock (_sync)
        {
            if (_ending || _application is not null)
            {
                return;
            }

            _application = RunApplicationAsync(handler);
        }
    }

    /// <summary>
    /// Prepares a stateful reconnect: a fresh outbound pipe (bytes queued for the dead socket are dropped; the
    /// application replays what the client missed), then the application's reconnect callback, which must finish
    /// before the new transport sends anything. False when the connection cannot continue.
    /// </summary>
    public async Task<bool> ReattachAsync()
    {
        Pipe stale;
        Pipe fresh;
        lock (_sync)
        {
            if (_applicationCompleted || _ending)
            {
                return false;
            }

            stale = _outbound;
            fresh = new Pipe(_outboundOptions);
            _outbound = fresh;
        }

        // Writers blocked on the stale pipe (nobody read it while the client was away) are released.
        stale.Reader.Complete();
        _metrics.Reconnected();
        ConnectionsLog.Reconnected(_logger, ConnectionId);

        if (_onReconnected is { } callback)
        {
            try
            {
                await callback(fresh.Writer).ConfigureAwait(false);
            }
            catch (Exception ex)
            {
                ConnectionsLog.ReconnectCallbackFailed(_logger, ConnectionId, ex);
                return false;
            }
        }

        return true;
    }

    /// <summary>Whether the transport may wait for a stateful reconnect after losing its socket.</summary>
    public bool CanAwaitReconnect
    {
        get
        {
            lock (_sync)
            {
                return _statefulReconnect && !_reconnectDisabled && !_applicationCompleted && !_ending;
            }
        }
    }

    /// <summary>Whether a transport request carries the connection right now.</summary>
    public bool HasActiveTransport
    {
        get
        {
            lock (_sync)
            {
                return _lease is not null;
            }
        }
    }

    public bool TryBeginPost() => Interlocked.CompareExchange(ref _postInProgress, 1, 0) == 0;

    public void EndPost() => Volatile.Write(ref _postInProgress, 0);

    /// <summary>Whether the connection has gone without a transport for longer than its disconnect timeout.</summary>
    public bool IsExpired(long now)
    {
        lock (_sync)
        {
            return _lease is null && !_ending && now - _lastSeen > (long)Options.DisconnectTimeout.TotalMilliseconds;
        }
    }

    /// <summary>Whether the application has been started on this connection.</summary>
    public bool HasApplication
    {
        get
        {
            lock (_sync)
            {
                return _application is not null;
            }
        }
    }

    /// <summary>
    /// Server shutdown: ends the application's input so that it can say goodbye (the hub layer sends its Close
    /// message) and finish; the transports then close normally.
    /// </summary>
    public Task CloseGracefullyAsync()
    {
        lock (_sync)
        {
            if (_application is null)
            {
                return EndAsync();
            }
        }

        return InboundGate.CompleteAsync(null, _shutdownTimeout);
    }

    /// <summary>Ends the connection (idempotent): stops the transport, ends the application's input, waits (bounded) for it.</summary>
    public Task EndAsync(Exception? error = null)
    {
        TaskCompletionSource ended;
        TransportLease? lease;
        lock (_sync)
        {
            if (_end is not null)
            {
                return _end;
            }

            _ending = true;
            _reconnectDisabled = true;
            lease = _lease;
            ended = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _end = ended.Task;
        }

        _ = CompleteEndAsync(ended, lease, error);
        return ended.Task;
    }

    internal void MarkTimedOut()
    {
        ConnectionsLog.DisconnectTimedOut(_logger, ConnectionId, Options.DisconnectTimeout);
        _timedOut = true;
        _metrics.TimedOut(_transportType);
    }

    private async Task CompleteEndAsync(TaskCompletionSource ended, TransportLease? lease, Exception? error)
    {
        try
        {
            _registry.Remove(this);
            try
            {
                _closed.Cancel();
            }
            catch (AggregateException ex)
            {
                ConnectionsLog.ApplicationFailed(_logger, ConnectionId, ex);
            }

            lease?.RequestStop();
            var transportStopped = lease is null || await CompletesWithinAsync(lease.Released, _shutdownTimeout).ConfigureAwait(false);

            if (transportStopped)
            {
                // Nobody will send any more: writes the application still makes complete at once instead of waiting.
                OutboundReader.Complete();
            }

            await InboundGate.CompleteAsync(error, _shutdownTimeout).ConfigureAwait(false);
            Task? application;
            lock (_sync)
            {
                application = _application;
            }

            if (application is null)
            {
                _inbound.Reader.Complete();
                _outbound.Writer.Complete();
            }
            else if (!await CompletesWithinAsync(application, _shutdownTimeout).ConfigureAwait(false))
            {
                ConnectionsLog.ApplicationDidNotStop(_logger, ConnectionId, _shutdownTimeout);
            }

            var duration = Stopwatch.GetElapsedTime(_startedAt);
            var status = _timedOut ? ConnectionEndStatus.Timeout : _registry.IsStopping ? ConnectionEndStatus.AppShutdown : ConnectionEndStatus.NormalClosure;
            _metrics.Ended(_transportType, _attached, duration, status);
            ConnectionsLog.Ended(_logger, ConnectionId, duration);
        }
        finally
        {
            ended.TrySetResult();
        }
    }

    private async Task RunApplicationAsync(IConnectionHandler handler)
    {
        // The transport request goes on to serve the connection; the application runs beside it.
        await Task.Yield();
        Exception? error = null;
        try
        {
            await handler.OnConnectedAsync(this).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            error = ex;
            ConnectionsLog.ApplicationFailed(_logger, ConnectionId, ex);
        }

        PipeWriter output;
        bool endNow;
        lock (_sync)
        {
            _applicationCompleted = true;
            _reconnectDisabled = true;
            output = _outbound.Writer;
            // A long-polling client collects the last bytes with its next poll; anything else without a transport
            // (a WebSocket waiting for a stateful reconnect) has nobody left to deliver to.
            endNow = _lease is null && (_transportType != HttpTransportType.LongPolling || _registry.IsStopping);
        }

        output.Complete(error);
        _inbound.Reader.Complete();
        if (endNow)
        {
            _ = EndAsync();
        }
    }

    private static DateTimeOffset? AuthenticationExpiry(HttpContext context)
        => context.Features.Get<IAuthenticateResultFeature>()?.AuthenticateResult?.Properties?.ExpiresUtc;

    private static PipeOptions CreatePipeOptions(long pauseThreshold, MemoryPool<byte>? pool) => new(
        pool: pool,
        pauseWriterThreshold: pauseThreshold,
        resumeWriterThreshold: pauseThreshold / 2,
        useSynchronizationContext: false);

    private static async Task<bool> CompletesWithinAsync(Task task, TimeSpan timeout)
    {
        try
        {
            await task.WaitAsync(timeout).ConfigureAwait(false);
            return true;
        }
        catch (TimeoutException)
        {
            return false;
        }
        catch (Exception)
        {
            // It finished, if badly; the failure was logged where it happened.
            return true;
        }
    }
}
