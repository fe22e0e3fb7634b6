using System.Diagnostics;
using HubFramework.Protocol;
using HubFramework.Server.Hubs.Diagnostics;
using HubFramework.Server.Hubs.Outbound;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace HubFramework.Server.Hubs.Dispatch;

/// <summary>
/// Runs what needs a hub instance: one invocation (a new hub from a new DI scope, filters, authorization, the
/// Completion or the stream), and the connect/disconnect events.
/// </summary>
internal sealed class InvocationExecutor<THub>
    where THub : Hub
{
    /// <summary>Results go to the one client that asked: waiting for room is the right back-pressure.</summary>
    private static readonly SendOptions ResultSendOptions = new() { Policy = SlowConsumerPolicy.Wait };

    private readonly IServiceScopeFactory _scopeFactory;
    private readonly HubActivator<THub> _activator;
    private readonly HubFilterPipeline _filters;
    private readonly HubMethodAuthorizer _authorizer;
    private readonly HubMetrics _metrics;
    private readonly ILogger _logger;
    private readonly bool _detailedErrors;
    private readonly string _hubName = typeof(THub).Name;

    public InvocationExecutor(
        IServiceScopeFactory scopeFactory,
        HubActivator<THub> activator,
        HubFilterPipeline filters,
        HubMethodAuthorizer authorizer,
        HubMetrics metrics,
        ILogger logger,
        bool detailedErrors)
    {
        _scopeFactory = scopeFactory;
        _activator = activator;
        _filters = filters;
        _authorizer = authorizer;
        _metrics = metrics;
        _logger = logger;
        _detailedErrors = detailedErrors;
    }

    /// <summary>Runs one invocation to its end. Never throws: failures become a Completion error.</summary>
    public async Task ExecuteAsync(InvocationRequest request)
    {
        var connection = request.Connection;
        var message = request.Message;
        var method = request.Method;
        AsyncServiceScope? scope = null;
        THub? hub = null;
        var startTimestamp = 0L;
        Activity? activity = null;
        string? errorType = null;
        try
        {
            if (connection.ConnectionAborted.IsCancellationRequested)
            {
                return;
            }

            _metrics.InvocationStarted(_hubName, method.Name);
            activity = HubActivitySource.StartInvocation(_hubName, method.Name, message, connection.Activity);
            if (_metrics.InvocationDurationEnabled)
            {
                startTimestamp = Stopwatch.GetTimestamp();
            }

            var created = _scopeFactory.CreateAsyncScope();
            scope = created;
            var services = created.ServiceProvider;
            hub = _activator.Create(services);
            Initialize(hub, connection);
            var arguments = BindArguments(request, services);

            HubInvocationContext? invocationContext = null;
            if (method.AuthorizeData.Length > 0)
            {
                invocationContext = new HubInvocationContext(connection.CallerContext, services, hub, method.Method, arguments);
                if (!await _authorizer.IsAuthorizedAsync(connection.User, method, invocationContext).ConfigureAwait(false))
                {
                    HubLog.Unauthorized(_logger, connection.ConnectionId, message.Target);
                    _metrics.InvocationFailed(_hubName, method.Name);
                    errorType = "unauthorized";
                    await SendErrorAsync(connection, message.InvocationId, ErrorMessages.Unauthorized(message.Target)).ConfigureAwait(false);
                    return;
                }
            }

            object? result;
            if (_filters.IsEmpty)
            {
                result = await method.Invoker(hub, arguments).ConfigureAwait(false);
            }
            else
            {
                invocationContext ??= new HubInvocationContext(connection.CallerContext, services, hub, method.Method, arguments);
                result = await _filters.Invoke(invocationContext).ConfigureAwait(false);
            }

            if (method.IsStreaming)
            {
                errorType = await StreamAsync(request, result).ConfigureAwait(false);
            }
            else if (message.InvocationId is { } invocationId)
            {
                await connection.WriteAsync(CompletionMessage.WithResult(invocationId, result), ResultSendOptions, connection.ConnectionAborted).ConfigureAwait(false);
            }
        }
        catch (Exception ex) when (!(ex is OperationCanceledException && connection.ConnectionAborted.IsCancellationRequested))
        {
            HubLog.InvocationFailed(_logger, connection.ConnectionId, message.Target, ex);
            _metrics.InvocationFailed(_hubName, method.Name);
            errorType = ex.GetType().FullName;
            var error = ErrorMessages.Build(ErrorMessages.InvocationFailed(message.Target), ex, _detailedErrors);
            await SendErrorAsync(connection, message.InvocationId, error).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // The connection is gone: nobody to answer.
        }
        finally
        {
            if (startTimestamp != 0)
            {
                _metrics.InvocationEnded(_hubName, method.Name, startTimestamp, errorType);
            }

            HubActivitySource.StopInvocation(activity, errorType);

            request.Finish();
            if (hub is not null)
            {
                await ReleaseQuietlyAsync(hub, connection).ConfigureAwait(false);
            }

            // No scope when the connection was already gone or the container refused one (disposed at shutdown);
            // disposing a default AsyncServiceScope would throw from a task nobody observes.
            if (scope is { } toDispose)
            {
                await toDispose.DisposeAsync().ConfigureAwait(false);
            }
        }
    }

    /// <summary>Runs the hub's OnConnectedAsync through the filters; exceptions propagate (the handler closes the connection).</summary>
    public async Task OnConnectedAsync(HubConnectionContext connection)
    {
        await using var scope = _scopeFactory.CreateAsyncScope();
        var hub = _activator.Create(scope.ServiceProvider);
        try
        {
            Initialize(hub, connection);
            if (_filters.IsEmpty)
            {
                await hub.OnConnectedAsync().ConfigureAwait(false);
            }
            else
            {
                await _filters.OnConnected(new HubLifetimeContext(connection.CallerContext, scope.ServiceProvider, hub)).ConfigureAwait(false);
            }
        }
        finally
        {
            await ReleaseQuietlyAsync(hub, connection).ConfigureAwait(false);
        }
    }

    /// <summary>Runs the hub's OnDisconnectedAsync through the filters; exceptions propagate (the handler logs them).</summary>
    public async Task OnDisconnectedAsync(HubConnectionContext connection, Exception? exception)
    {
        await using var scope = _scopeFactory.CreateAsyncScope();
        var hub = _activator.Create(scope.ServiceProvider);
        try
        {
            Initialize(hub, connection);
            if (_filters.IsEmpty)
            {
                await hub.OnDisconnectedAsync(exception).ConfigureAwait(false);
            }
            else
            {
                await _filters.OnDisconnected(new HubLifetimeContext(connection.CallerContext, scope.ServiceProvider, hub), exception).ConfigureAwait(false);
            }
        }
        finally
        {
            await ReleaseQuietlyAsync(hub, connection).ConfigureAwait(false);
        }
    }

    /// <summary>Streams the items; returns the error type when the stream failed.</summary>
    private async Task<string?> StreamAsync(InvocationRequest request, object? stream)
    {
        // A running stream must not hold an invocation slot, or one open stream would block every other call.
        request.ReleaseSlot();
        var connection = request.Connection;
        var invocationId = request.Message.InvocationId!;
        var token = request.CancellationToken;
        string? error = null;
        string? errorType = null;
        try
        {
            await foreach (var item in request.Method.StreamReader!.ReadAllAsync(stream!, token).ConfigureAwait(false))
            {
                await connection.WriteAsync(new StreamItemMessage(invocationId, item), ResultSendOptions, token).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (token.IsCancellationRequested)
        {
            // Cancelled by the client (CancelInvocation) or the connection: a bare Completion ends the stream.
        }
        catch (Exception ex)
        {
            HubLog.StreamingFailed(_logger, connection.ConnectionId, request.Message.Target, ex);
            _metrics.InvocationFailed(_hubName, request.Method.Name);
            errorType = ex.GetType().FullName;
            error = ErrorMessages.Build(ErrorMessages.StreamingFailed, ex, _detailedErrors);
        }

        if (!connection.ConnectionAborted.IsCancellationRequested)
        {
            var completion = error is null ? CompletionMessage.Empty(invocationId) : CompletionMessage.WithError(invocationId, error);
            await SendQuietlyAsync(connection, completion).ConfigureAwait(false);
        }

        return errorType;
    }

    private object?[] BindArguments(InvocationRequest request, IServiceProvider services)
    {
        var method = request.Method;
        var wireArguments = request.Message.Arguments;
        if (method.ArgumentsAreWireOnly)
        {
            return wireArguments;
        }

        var arguments = new object?[method.Parameters.Length];
        for (var i = 0; i < arguments.Length; i++)
        {
            var parameter = method.Parameters[i];
            arguments[i] = parameter.Kind switch
            {
                HubParameterKind.Wire => wireArguments[parameter.Index],
                HubParameterKind.Service => services.GetRequiredService(parameter.Type),
                HubParameterKind.KeyedService => services.GetRequiredKeyedService(parameter.Type, parameter.ServiceKey),
                HubParameterKind.CancellationToken => request.CancellationToken,
                HubParameterKind.ClientStream => request.Streams![parameter.Index].Parameter,
                _ => throw new InvalidOperationException($"Unknown parameter kind {parameter.Kind}."),
            };
        }

        return arguments;
    }

    private void Initialize(THub hub, HubConnectionContext connection)
    {
        hub.Clients = connection.CallerClients;
        hub.Context = connection.CallerContext;
        hub.Groups = connection.Groups;
        hub.Rooms = connection.Rooms;
    }

    private async ValueTask ReleaseQuietlyAsync(THub hub, HubConnectionContext connection)
    {
        try
        {
            await _activator.ReleaseAsync(hub).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            HubLog.LifetimeEventFailed(_logger, connection.ConnectionId, "Dispose", ex);
        }
    }

    private ValueTask SendErrorAsync(HubConnectionContext connection, string? invocationId, string error) =>
        invocationId is null ? default : SendQuietlyAsync(connection, CompletionMessage.WithError(invocationId, error));

    private async ValueTask SendQuietlyAsync(HubConnectionContext connection, HubMessage message)
    {
        try
        {
            await connection.WriteAsync(message, ResultSendOptions, connection.ConnectionAborted).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (connection.ConnectionAborted.IsCancellationRequested)
        {
        }
        catch (Exception ex)
        {
            HubLog.SendFailed(_logger, connection.ConnectionId, ex);
        }
    }
}
