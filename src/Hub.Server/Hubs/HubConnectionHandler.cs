using System.Diagnostics;
using HubFramework.Protocol;
using HubFramework.Server.Connections;
using HubFramework.Server.Hubs.Connection;
using HubFramework.Server.Hubs.Diagnostics;
using HubFramework.Server.Hubs.Dispatch;
using HubFramework.Server.Hubs.Multiplexing;
using HubFramework.Server.Hubs.Hosting;
using HubFramework.Server.Hubs.Namespaces;
using HubFramework.Server.Hubs.Outbound;
using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace HubFramework.Server.Hubs;

/// <summary>
/// Serves hub <typeparamref name="THub"/> on connections handed over by the connection layer: handshake, then a receive
/// loop that dispatches messages, keep-alive and client timeout, and an orderly close. One instance per hub type, serving
/// every namespace (mapped path) of the hub (created by <c>MapHub</c>); the hub's methods are bound once, in the constructor, so an invalid hub fails at start-up.
/// </summary>
/// <typeparam name="THub">The hub.</typeparam>
public sealed class HubConnectionHandler<THub> : IConnectionHandler, IDisposable, IHubConnectionSource
    where THub : Hub
{
    private static readonly TimeSpan CloseDrainTimeout = TimeSpan.FromSeconds(5);

    private readonly HubNamespaceRegistry<THub> _namespaces;
    private readonly IUserIdProvider _userIdProvider;
    private readonly HubOptions _options;
    private readonly HubMethodTable _methods;
    private readonly HubHandshake _handshake;
    private readonly HubMessageDispatcher<THub> _dispatcher;
    private readonly InvocationExecutor<THub> _executor;
    private readonly HubConnectionHeartbeat _heartbeat;
    private readonly HubMetrics _metrics;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly CancellationTokenRegistration _stoppingRegistration;
    private readonly CancellationToken _stopping;
    private readonly string _hubName = typeof(THub).Name;
    private readonly MultiplexTargetResolver? _multiplexTargets;
    private readonly IReadOnlyList<string>? _negotiateExtensions;

    /// <summary>Creates the handler; resolved from DI (registered by <c>AddHubs</c>).</summary>
    /// <exception cref="NotSupportedException">The hub declares a method that cannot be a hub method (overloads, generics, by-ref parameters).</exception>
    public HubConnectionHandler(
        HubNamespaceRegistry<THub> namespaces,
        IEnumerable<IHubProtocol> protocols,
        IUserIdProvider userIdProvider,
        IServiceScopeFactory scopeFactory,
        ILoggerFactory loggerFactory,
        IServiceProvider services)
    {
        _namespaces = namespaces;
        _userIdProvider = userIdProvider;
        _options = HubOptionsSetup<THub>.Resolve(services);
        HubOptionsValidation.Validate(_options, typeof(THub).Name);
        _logger = loggerFactory.CreateLogger<HubConnectionHandler<THub>>();
        _metrics = services.GetService<HubMetrics>() ?? new HubMetrics(services.GetRequiredService<System.Diagnostics.Metrics.IMeterFactory>());
        _time = services.GetService<TimeProvider>() ?? TimeProvider.System;
        _multiplexTargets = _options.MaximumNamespacesPerConnection > 0 ? services.GetService<MultiplexTargetResolver>() : null;
        _negotiateExtensions = _multiplexTargets is null ? null : [MultiplexProtocol.ExtensionName];

        var isService = services.GetService<IServiceProviderIsService>();
        _methods = HubMethodTable.Build(typeof(THub), isService);
        ValidateClientInterface();
        var authorizer = new HubMethodAuthorizer(services.GetService<IAuthorizationPolicyProvider>(), services.GetService<IAuthorizationService>());
        authorizer.EnsureAvailableFor(_methods, typeof(THub));

        var supported = _options.SupportedProtocols;
        var offered = protocols
            .Where(p => supported is null || supported.Contains(p.Name, StringComparer.OrdinalIgnoreCase))
            .ToArray();
        if (offered.Length == 0)
        {
            // Otherwise every handshake would fail, one connection at a time, with no hint at the configuration.
            throw new InvalidOperationException(
                $"Hub '{_hubName}' offers no hub protocol: HubOptions.SupportedProtocols ({string.Join(", ", supported ?? [])}) names none of the registered ones ({string.Join(", ", protocols.Select(p => p.Name))}).");
        }

        _handshake = new HubHandshake(offered, _options, _logger);
        _dispatcher = new HubMessageDispatcher<THub>(_methods, _options, _metrics, _logger);
        _executor = new InvocationExecutor<THub>(
            scopeFactory,
            new HubActivator<THub>(isService),
            new HubFilterPipeline(_options.HubFilters.ToArray(), _methods),
            authorizer,
            _metrics,
            _logger,
            _options.EnableDetailedErrors);
        _heartbeat = new HubConnectionHeartbeat(
            HubConnectionHeartbeat.ChooseInterval(_options.KeepAliveInterval, _options.ClientTimeoutInterval),
            Tick);

        if (services.GetService<IHostApplicationLifetime>() is { } lifetime)
        {
            _stopping = lifetime.ApplicationStopping;
            _stoppingRegistration = lifetime.ApplicationStopping.Register(static state => ((HubConnectionHandler<THub>)state!).CloseAllForShutdown(), this);
        }
    }

    /// <summary>Number of connections currently served (past the handshake).</summary>
    public int ConnectionCount => _heartbeat.Count;

    string IHubConnectionSource.HubName => _hubName;

    /// <inheritdoc />
    public IReadOnlyList<string>? NegotiateExtensions => _negotiateExtensions;

    IEnumerable<HubConnectionContext> IHubConnectionSource.Connections => _heartbeat.Connections;

    /// <inheritdoc />
    public async Task OnConnectedAsync(ClientConnection connection)
    {
        ArgumentNullException.ThrowIfNull(connection);
        HubNamespace<THub>? resolved = null;
        var handshake = await _handshake.RunAsync(connection, () => _namespaces.TryForConnection(connection, out resolved, out var refused) ? null : refused).ConfigureAwait(false);
        if (handshake is not { } accepted || resolved is not { } hubNamespace)
        {
            _metrics.HandshakeFailed(_hubName);
            return;
        }

        var context = CreateContext(connection, accepted.Protocol, hubNamespace);
        var started = Stopwatch.GetTimestamp();
        _metrics.ConnectionStarted(_hubName);
        context.Activity = HubActivitySource.StartConnection(_hubName, connection.ConnectionId, connection.TransportType);
        _heartbeat.Add(context);
        if (_stopping.IsCancellationRequested)
        {
            // Arrived while the server is shutting down: tell it to come back later, like the others.
            context.Abort(error: null, allowReconnect: true);
        }

        var lifetimeConnected = false;
        var hubConnected = false;
        CloseMessage? close = null;
        Exception? error = null;
        try
        {
            context.UserIdentifier = _userIdProvider.GetUserId(context);
            await hubNamespace.LifetimeManager.OnConnectedAsync(context).ConfigureAwait(false);
            lifetimeConnected = true;
            hubNamespace.RoomManager.OnConnected(context);
            await _executor.OnConnectedAsync(context).ConfigureAwait(false);
            hubConnected = true;
        }
        catch (Exception ex)
        {
            HubLog.LifetimeEventFailed(_logger, connection.ConnectionId, nameof(Hub.OnConnectedAsync), ex);
            close = new CloseMessage(ErrorMessages.Build(ErrorMessages.ConnectionClosedWithError, ex, _options.EnableDetailedErrors), allowReconnect: false);
            error = ex;
        }

        try
        {
            if (hubConnected)
            {
                (close, error) = await ReceiveAsync(context, hubNamespace.LifetimeManager).ConfigureAwait(false);
            }
        }
        finally
        {
            await CloseAsync(context, hubNamespace, close, error, lifetimeConnected, hubConnected).ConfigureAwait(false);
            _metrics.ConnectionEnded(_hubName, started);
            HubActivitySource.StopConnection(context.Activity, error);
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _stoppingRegistration.Dispose();
        _heartbeat.Dispose();
    }

    private HubConnectionContext CreateContext(ClientConnection connection, IHubProtocol protocol, HubNamespace<THub> hubNamespace)
    {
        var context = new HubConnectionContext(connection, protocol, userIdentifier: null, _options, _logger);
        context.Namespace = hubNamespace.Name;
        context.Groups = hubNamespace.Groups;
        context.Rooms = hubNamespace.Rooms;
        context.CallerClients = new HubCallerClients(hubNamespace.Clients, connection.ConnectionId);
        context.Scheduler = new InvocationScheduler(_options.MaximumParallelInvocationsPerClient, _options.MaximumQueuedInvocationsPerClient, _executor.ExecuteAsync);
        if (_options.RateLimit is { } rateLimit)
        {
            context.RateLimiter = new InvocationRateLimiter(rateLimit, _time);
        }

        // A namespace opened over another connection does not carry namespaces of its own.
        if (_multiplexTargets is not null && connection is not VirtualClientConnection)
        {
            context.Multiplexer = new NamespaceMultiplexer(context, _multiplexTargets, _options.MaximumNamespacesPerConnection, _logger);
        }

        if (connection.StatefulReconnectEnabled)
        {
            connection.OnReconnected(output =>
            {
                context.LastReceivedTimestamp = Environment.TickCount64;
                return context.Outbound.ReconnectAsync(output);
            });
        }

        return context;
    }

    /// <summary>The receive loop: returns the Close to send (if any) and the error that ended the connection (if any).</summary>
    private async Task<(CloseMessage? Close, Exception? Error)> ReceiveAsync(HubConnectionContext context, HubLifetimeManager<THub> lifetimeManager)
    {
        var input = context.Connection.Transport.Input;
        var protocol = context.Protocol;
        var binder = new HubInvocationBinder<THub>(_methods, context.ClientStreams, lifetimeManager, protocol.TransferFormat);
        var maximumSize = _options.MaximumReceiveMessageSize;
        while (true)
        {
            System.IO.Pipelines.ReadResult result;
            try
            {
                result = await input.ReadAsync().ConfigureAwait(false);
            }
            catch (Exception ex)
            {
                // The transport failed underneath us: nobody left to send a Close to.
                return (null, ex);
            }

            var buffer = result.Buffer;
            try
            {
                if (result.IsCanceled || context.IsCloseRequested)
                {
                    return (context.RequestedClose, null);
                }

                if (!buffer.IsEmpty)
                {
                    context.LastReceivedTimestamp = Environment.TickCount64;
                }

                var unparsed = buffer.Length;
                while (protocol.TryParseMessage(ref buffer, binder, maximumSize, out var message))
                {
                    _metrics.MessageReceived(_hubName, protocol.Name, unparsed - buffer.Length);
                    unparsed = buffer.Length;
                    var (keepGoing, close) = await _dispatcher.DispatchAsync(context, message!, lifetimeManager).ConfigureAwait(false);
                    if (!keepGoing)
                    {
                        return (close, null);
                    }

                    if (context.IsCloseRequested)
                    {
                        return (context.RequestedClose, null);
                    }
                }

                if (result.IsCompleted)
                {
                    // The client went away (a partial message left behind is simply dropped).
                    HubLog.ConnectionClosed(_logger, context.ConnectionId, "the client disconnected");
                    return (null, null);
                }
            }
            catch (HubProtocolException ex)
            {
                HubLog.ProtocolError(_logger, context.ConnectionId, ex);
                return (new CloseMessage(ErrorMessages.Build(ErrorMessages.ConnectionClosedWithError, ex, _options.EnableDetailedErrors), allowReconnect: true), ex);
            }
            catch (OperationCanceledException) when (context.IsCloseRequested || context.ConnectionAborted.IsCancellationRequested)
            {
                return (context.RequestedClose, null);
            }
            catch (Exception ex)
            {
                HubLog.ReceiveLoopFailed(_logger, context.ConnectionId, ex);
                return (new CloseMessage(ErrorMessages.Build(ErrorMessages.ConnectionClosedWithError, ex, _options.EnableDetailedErrors), allowReconnect: true), ex);
            }
            finally
            {
                input.AdvanceTo(buffer.Start, buffer.End);
            }
        }
    }

    private async Task CloseAsync(HubConnectionContext context, HubNamespace<THub> hubNamespace, CloseMessage? close, Exception? error, bool lifetimeConnected, bool hubConnected)
    {
        _heartbeat.Remove(context);
        context.Multiplexer?.CloseAll();
        var connection = context.Connection;
        connection.DisableReconnect();
        context.ActiveInvocations.Close();
        context.ReleaseResources();
        context.ClientStreams.CompleteAll(new HubException("The connection was closed."));

        using (var drain = new CancellationTokenSource(CloseDrainTimeout))
        {
            try
            {
                await context.Outbound.CompleteAsync(close, drain.Token).ConfigureAwait(false);
            }
            catch (Exception ex)
            {
                HubLog.SendFailed(_logger, context.ConnectionId, ex);
            }
        }

        HubLog.ConnectionClosed(_logger, context.ConnectionId, close?.Error ?? (error is null ? "closed" : error.Message));
        if (hubConnected)
        {
            try
            {
                await _executor.OnDisconnectedAsync(context, error).ConfigureAwait(false);
            }
            catch (Exception ex)
            {
                HubLog.LifetimeEventFailed(_logger, context.ConnectionId, nameof(Hub.OnDisconnectedAsync), ex);
            }
        }

        if (lifetimeConnected)
        {
            // Leaves its rooms first, while the other members are still reachable through the room groups.
            await hubNamespace.RoomManager.OnDisconnectedAsync(context).ConfigureAwait(false);
            try
            {
                await hubNamespace.LifetimeManager.OnDisconnectedAsync(context).ConfigureAwait(false);
            }
            catch (Exception ex)
            {
                HubLog.LifetimeEventFailed(_logger, context.ConnectionId, "lifetime manager disconnect", ex);
            }
        }

        await context.Outbound.DisposeAsync().ConfigureAwait(false);
    }

    private void Tick(HubConnectionContext context, long now)
    {
        try
        {
            if (context.IsCloseRequested)
            {
                return;
            }

            if (_options.ClientTimeoutInterval != Timeout.InfiniteTimeSpan
                && now - context.LastReceivedTimestamp > (long)_options.ClientTimeoutInterval.TotalMilliseconds)
            {
                HubLog.ClientTimedOut(_logger, context.ConnectionId, _options.ClientTimeoutInterval);
                context.Abort(ErrorMessages.ClientTimeout, allowReconnect: true);
                return;
            }

            if (context.Connection.StatefulReconnectEnabled && context.InboundSequence.TryTakeAck(out var sequenceId))
            {
                // No options: the outbound queue then coalesces Acks (a newer one replaces a queued one).
                SendInBackground(context, new AckMessage(sequenceId), options: null);
            }

            // A ping only when nothing else went out for a whole interval.
            if (!context.Connection.HasInherentKeepAlive
                && _options.KeepAliveInterval != Timeout.InfiniteTimeSpan
                && now - Math.Max(context.LastPingTimestamp, context.Outbound.LastWriteTimestamp) >= (long)_options.KeepAliveInterval.TotalMilliseconds)
            {
                context.LastPingTimestamp = now;
                SendInBackground(context, PingMessage.Instance, SendOptions.Droppable);
            }
        }
        catch (Exception ex)
        {
            HubLog.SendFailed(_logger, context.ConnectionId, ex);
        }
    }

    private void SendInBackground(HubConnectionContext context, HubMessage message, SendOptions? options)
    {
        var write = context.Outbound.WriteAsync(message, options, context.ConnectionAborted);
        if (write.IsCompletedSuccessfully)
        {
            write.GetAwaiter().GetResult();
            return;
        }

        _ = ObserveAsync(write, context);
    }

    private async Task ObserveAsync(ValueTask write, HubConnectionContext context)
    {
        try
        {
            await write.ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            HubLog.SendFailed(_logger, context.ConnectionId, ex);
        }
        catch (OperationCanceledException)
        {
        }
    }

    private void CloseAllForShutdown()
    {
        var connections = _heartbeat.Connections.ToArray();
        if (connections.Length == 0)
        {
            return;
        }

        HubLog.ClosingForShutdown(_logger, connections.Length);
        foreach (var connection in connections)
        {
            connection.Abort(error: null, allowReconnect: true);
        }
    }

    private static void ValidateClientInterface()
    {
        for (var type = typeof(THub); type is not null; type = type.BaseType)
        {
            if (type.IsGenericType && type.GetGenericTypeDefinition() == typeof(Hub<>))
            {
                TypedClientsFactory.Validate(type.GetGenericArguments()[0]);
                return;
            }
        }
    }
}
