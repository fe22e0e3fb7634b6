using System.Globalization;
using HubFramework.Protocol;
using HubFramework.Server.Connections.Security;
using HubFramework.Server.Transports;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Primitives;

namespace HubFramework.Server.Connections;

/// <summary>
/// Serves one connection endpoint: negotiate, and the requests of the three transports (WebSocket upgrade, SSE GET,
/// long-polling GET, POST sends, DELETE), with the status codes stock SignalR clients expect.
/// </summary>
internal sealed class ConnectionDispatcher
{
    private static readonly string[] TextAndBinary = ["Text", "Binary"];
    private static readonly string[] TextOnly = ["Text"];

    private readonly ConnectionEndpointOptions _options;
    private readonly IConnectionHandler _handler;
    private readonly ConnectionRegistry _registry;
    private readonly IServiceProvider _services;
    private readonly ILogger _logger;
    private readonly ILogger _transportLogger;
    private readonly IReadOnlyList<AvailableTransport> _availableTransports;
    private readonly EndpointPathTemplate? _endpointPath;
    private readonly OriginPolicy _origins;

    public ConnectionDispatcher(
        ConnectionEndpointOptions options,
        IConnectionHandler handler,
        ConnectionRegistry registry,
        IServiceProvider services,
        ILoggerFactory loggerFactory,
        EndpointPathTemplate? endpointPath = null)
    {
        _endpointPath = endpointPath;
        _options = options;
        _handler = handler;
        _registry = registry;
        _services = services;
        _logger = loggerFactory.CreateLogger<ConnectionDispatcher>();
        _transportLogger = loggerFactory.CreateLogger("HubFramework.Server.Transports");
        _availableTransports = DescribeTransports(options.Transports);
        _origins = new OriginPolicy(options.AllowedOrigins);
    }

    /// <summary>Serves requests for connections owned by another node (null: they get 404).</summary>
    public Func<HttpContext, string, Task<bool>>? RelayUnknown { get; set; }

    /// <summary><c>POST {pattern}/negotiate</c>.</summary>
    public async Task NegotiateAsync(HttpContext context)
    {
        if (!_origins.IsAllowed(context.Request))
        {
            await RejectOriginAsync(context).ConfigureAwait(false);
            return;
        }

        var response = new NegotiationResponse();
        var query = context.Request.Query;
        var version = 0;
        string? error = null;
        if (query.TryGetValue("negotiateVersion", out var requested))
        {
            if (!int.TryParse(requested.ToString(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out version))
            {
                error = "The client requested a non-integer protocol version.";
            }
            else if (version < _options.MinimumNegotiateVersion)
            {
                error = $"The client requested version '{version}', but the server does not support this version.";
            }
            else
            {
                version = Math.Min(version, NegotiateVersions.Latest);
            }
        }

        if (error is not null)
        {
            ConnectionsLog.NegotiateRejected(_logger, error);
            response.Error = error;
        }
        else
        {
            var stateful = _options.AllowStatefulReconnects && IsTrue(query["useStatefulReconnect"]);
            if (!_registry.TryCreate(context, _options, version, stateful, started: false, out var connection, out var refused))
            {
                await RejectAsync(context, refused.StatusCode, refused.Reason).ConfigureAwait(false);
                return;
            }

            BindEndpoint(connection, context);
            connection.RecordAuthentication(context);
            response.Version = version;
            response.ConnectionId = connection.ConnectionId;
            response.ConnectionToken = version >= 1 ? connection.Token : null;
            response.AvailableTransports = _availableTransports;
            response.UseStatefulReconnect = stateful;
            response.Extensions = _handler.NegotiateExtensions;
            ConnectionsLog.Negotiated(_logger, connection.ConnectionId, version, stateful);
        }

        context.Response.StatusCode = StatusCodes.Status200OK;
        context.Response.ContentType = "application/json";
        context.Response.Headers.CacheControl = "no-cache";
        NegotiateProtocol.WriteResponse(response, context.Response.BodyWriter);
        await context.Response.BodyWriter.FlushAsync(context.RequestAborted).ConfigureAwait(false);
    }

    /// <summary><c>{pattern}</c>: WebSocket upgrade, GET (SSE or poll), POST, DELETE.</summary>
    public Task ExecuteAsync(HttpContext context)
    {
        if (!_origins.IsAllowed(context.Request))
        {
            return RejectOriginAsync(context);
        }

        var method = context.Request.Method;
        if (context.WebSockets.IsWebSocketRequest)
        {
            return WebSocketAsync(context);
        }

        if (HttpMethods.IsGet(method))
        {
            return AcceptsEventStream(context.Request)
                ? ServerSentEventsAsync(context)
                : LongPollAsync(context);
        }

        if (HttpMethods.IsPost(method))
        {
            return PostAsync(context);
        }

        if (HttpMethods.IsDelete(method))
        {
            return DeleteAsync(context);
        }

        return RejectAsync(context, StatusCodes.Status405MethodNotAllowed, "Method not allowed.");
    }

    private async Task WebSocketAsync(HttpContext context)
    {
        if (!IsEnabled(HttpTransportType.WebSockets))
        {
            await RejectTransportAsync(context, TransportNames.WebSockets).ConfigureAwait(false);
            return;
        }

        HttpClientConnection? connection;
        if (!HasId(context, out var id))
        {
            // No negotiate (the client's skipNegotiation): the upgrade itself creates the connection.
            if (!_registry.TryCreate(context, _options, negotiateVersion: 0, statefulReconnect: false, started: true, out connection, out var refused))
            {
                await RejectAsync(context, refused.StatusCode, refused.Reason).ConfigureAwait(false);
                return;
            }

            BindEndpoint(connection, context);
        }
        else if (!_registry.TryGet(id, out connection) || !IsAtThisEndpoint(connection!, context))
        {
            if (RelayUnknown is null || !await RelayUnknown(context, id).ConfigureAwait(false))
            {
                await RejectUnknownAsync(context).ConfigureAwait(false);
            }

            return;
        }
        else if (!connection!.IsOwnedBy(context.User))
        {
            await RejectForeignAsync(context, connection).ConfigureAwait(false);
            return;
        }

        var acquired = await AcquireAsync(context, connection!, HttpTransportType.WebSockets).ConfigureAwait(false);
        if (acquired is null)
        {
            return;
        }

        var lease = acquired;
        var outcome = TransportOutcome.Faulted;
        try
        {
            System.Net.WebSockets.WebSocket socket;
            try
            {
                var accept = new WebSocketAcceptContext
                {
                    SubProtocol = _options.WebSockets.SubProtocolSelector?.Invoke(context.WebSockets.WebSocketRequestedProtocols),
                };
                socket = await context.WebSockets.AcceptWebSocketAsync(accept).ConfigureAwait(false);
            }
            catch (Exception ex)
            {
                ConnectionsLog.UpgradeFailed(_logger, connection!.ConnectionId, ex);
                if (id.Length == 0)
                {
                    // The connection existed only for this upgrade.
                    _ = connection.EndAsync();
                }

                return;
            }

            if (connection!.Attach(context, _services))
            {
                connection.StartApplication(_handler);
            }
            else if (!await connection.ReattachAsync().ConfigureAwait(false))
            {
                socket.Abort();
                socket.Dispose();
                return;
            }

            var settings = new WebSocketTransportSettings(
                _options.WebSockets.CloseTimeout,
                _options.TransportSendTimeout,
                BufferWholeMessages: connection.StatefulReconnectEnabled,
                MaxBufferedMessageSize: _options.TransportMaxBufferSize);
            var transport = new WebSocketTransport(socket, connection.OutboundReader, connection.InboundGate, () => connection.ActiveFormat, settings, _transportLogger);
            outcome = await transport.RunAsync(lease.Stopping).ConfigureAwait(false);
        }
        finally
        {
            connection!.ReleaseTransport(lease);
        }

        if (outcome == TransportOutcome.Stopped)
        {
            // Taken over by a reconnecting socket, or the connection is ending: nothing more for this request.
            return;
        }

        if (outcome == TransportOutcome.Faulted && connection.CanAwaitReconnect)
        {
            connection.DetachRequest(context, _services);
            ConnectionsLog.AwaitingReconnect(_logger, connection.ConnectionId, _options.DisconnectTimeout);
            return;
        }

        await connection.EndAsync().ConfigureAwait(false);
    }

    private async Task ServerSentEventsAsync(HttpContext context)
    {
        if (!IsEnabled(HttpTransportType.ServerSentEvents))
        {
            await RejectTransportAsync(context, TransportNames.ServerSentEvents).ConfigureAwait(false);
            return;
        }

        var connection = await FindAsync(context).ConfigureAwait(false);
        if (connection is null)
        {
            return;
        }

        var lease = await AcquireAsync(context, connection, HttpTransportType.ServerSentEvents).ConfigureAwait(false);
        if (lease is null)
        {
            return;
        }

        TransportOutcome outcome;
        try
        {
            if (connection.Attach(context, _services))
            {
                connection.StartApplication(_handler);
            }

            outcome = await ServerSentEventsTransport.RunAsync(context, connection.OutboundReader, _options.TransportSendTimeout, _transportLogger, lease.Stopping).ConfigureAwait(false);
        }
        finally
        {
            connection.ReleaseTransport(lease);
        }

        // An event stream cannot be resumed: whichever way it ended, so has the connection.
        if (outcome != TransportOutcome.Stopped)
        {
            await connection.EndAsync().ConfigureAwait(false);
        }
    }

    private async Task LongPollAsync(HttpContext context)
    {
        if (!IsEnabled(HttpTransportType.LongPolling))
        {
            await RejectTransportAsync(context, TransportNames.LongPolling).ConfigureAwait(false);
            return;
        }

        var connection = await FindAsync(context).ConfigureAwait(false);
        if (connection is null)
        {
            return;
        }

        var lease = await AcquireAsync(context, connection, HttpTransportType.LongPolling).ConfigureAwait(false);
        if (lease is null)
        {
            return;
        }

        LongPollOutcome outcome;
        try
        {
            if (connection.Attach(context, _services))
            {
                // The first poll only starts the connection; clients take its empty 200 as "connected".
                connection.StartApplication(_handler);
                context.Response.StatusCode = StatusCodes.Status200OK;
                context.Response.ContentLength = 0;
                return;
            }

            outcome = await LongPollingTransport.PollAsync(context, connection.OutboundReader, _options.LongPolling.PollTimeout, _transportLogger, lease.Stopping).ConfigureAwait(false);
        }
        finally
        {
            connection.ReleaseTransport(lease);
        }

        if (outcome == LongPollOutcome.ApplicationCompleted)
        {
            await connection.EndAsync().ConfigureAwait(false);
        }
    }

    private async Task PostAsync(HttpContext context)
    {
        var connection = await FindAsync(context).ConfigureAwait(false);
        if (connection is null)
        {
            return;
        }

        if (connection.TransportType == HttpTransportType.WebSockets)
        {
            await RejectAsync(context, StatusCodes.Status405MethodNotAllowed, "POST requests are not allowed for WebSocket connections.").ConfigureAwait(false);
            return;
        }

        if (context.Request.ContentLength > _options.MaxRequestBodySize)
        {
            await RejectAsync(context, StatusCodes.Status413PayloadTooLarge, $"The request body is larger than the limit ({_options.MaxRequestBodySize} bytes).").ConfigureAwait(false);
            return;
        }

        // Bodies without a length (chunked) are cut off by the server at the same limit while being read.
        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } bodyLimit)
        {
            bodyLimit.MaxRequestBodySize = _options.MaxRequestBodySize;
        }

        if (!connection.TryBeginPost())
        {
            await RejectAsync(context, StatusCodes.Status409Conflict, "Another POST for this connection is in progress.").ConfigureAwait(false);
            return;
        }

        try
        {
            using var cancellation = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, connection.ConnectionClosed);
            bool delivered;
            try
            {
                delivered = await HttpPostReceiver.ReceiveAsync(context, connection.InboundGate, cancellation.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (connection.ConnectionClosed.IsCancellationRequested && !context.RequestAborted.IsCancellationRequested)
            {
                delivered = false;
            }
            catch (BadHttpRequestException ex)
            {
                TransportLog.PostFailed(_transportLogger, ex);
                await RejectAsync(context, ex.StatusCode, "The request body could not be read.").ConfigureAwait(false);
                return;
            }
            catch (Exception ex) when (ex is OperationCanceledException or IOException)
            {
                // The client went away mid-body.
                TransportLog.PostFailed(_transportLogger, ex);
                return;
            }

            if (!delivered)
            {
                await RejectUnknownAsync(context).ConfigureAwait(false);
                return;
            }

            context.Response.StatusCode = StatusCodes.Status200OK;
            context.Response.ContentLength = 0;
        }
        finally
        {
            connection.EndPost();
        }
    }

    private async Task DeleteAsync(HttpContext context)
    {
        var connection = await FindAsync(context).ConfigureAwait(false);
        if (connection is null)
        {
            return;
        }

        if (connection.TransportType != HttpTransportType.LongPolling)
        {
            await RejectAsync(context, StatusCodes.Status400BadRequest, "Cannot terminate this connection using the DELETE endpoint.").ConfigureAwait(false);
            return;
        }

        // The pending poll is answered 204 as the connection ends; the client need not wait for that here.
        _ = connection.EndAsync();
        context.Response.StatusCode = StatusCodes.Status202Accepted;
        context.Response.ContentType = "text/plain";
        context.Response.ContentLength = 0;
    }

    /// <summary>Claims the connection for this request, answering 400/404/409 when it cannot.</summary>
    private async Task<TransportLease?> AcquireAsync(HttpContext context, HttpClientConnection connection, HttpTransportType transport)
    {
        var result = connection.TryAcquireTransport(transport, out var lease, out var previous);
        switch (result)
        {
            case TransportAcquisition.Gone:
                await RejectUnknownAsync(context).ConfigureAwait(false);
                return null;
            case TransportAcquisition.WrongTransport:
                await RejectAsync(context, StatusCodes.Status400BadRequest, "Cannot change transports mid-connection.").ConfigureAwait(false);
                return null;
            case TransportAcquisition.Conflict:
                await RejectAsync(context, StatusCodes.Status409Conflict, "Another request is already using this connection.").ConfigureAwait(false);
                return null;
        }

        if (previous is not null)
        {
            // Only one request may read the outbound pipe at a time: the replaced one lets go first (promptly: it
            // has been told to stop).
            try
            {
                await previous.Released.WaitAsync(_options.WebSockets.CloseTimeout, context.RequestAborted).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is TimeoutException or OperationCanceledException)
            {
                connection.ReleaseTransport(lease!);
                await RejectAsync(context, StatusCodes.Status409Conflict, "The previous request for this connection did not end in time.").ConfigureAwait(false);
                return null;
            }
        }

        return lease;
    }

    private async Task<HttpClientConnection?> FindAsync(HttpContext context)
    {
        if (!HasId(context, out var id))
        {
            await RejectAsync(context, StatusCodes.Status400BadRequest, "Connection ID required").ConfigureAwait(false);
            return null;
        }

        if (!_registry.TryGet(id, out var connection) || !IsAtThisEndpoint(connection!, context))
        {
            if (RelayUnknown is null || !await RelayUnknown(context, id).ConfigureAwait(false))
            {
                await RejectUnknownAsync(context).ConfigureAwait(false);
            }

            return null;
        }

        if (!connection!.IsOwnedBy(context.User))
        {
            await RejectForeignAsync(context, connection).ConfigureAwait(false);
            return null;
        }

        return connection;
    }

    private void BindEndpoint(HttpClientConnection connection, HttpContext context)
    {
        if (_endpointPath is not null)
        {
            connection.BindEndpoint(_endpointPath.Resolve(context), context.Request.RouteValues);
        }
    }

    /// <summary>
    /// A token is only good at the endpoint path it was negotiated at: another hub path, or another namespace of a
    /// dynamic pattern (another tenant), must not find the connection, exactly as if the token were unknown.
    /// </summary>
    private bool IsAtThisEndpoint(HttpClientConnection connection, HttpContext context)
        => _endpointPath is null || string.Equals(connection.EndpointPath, _endpointPath.Resolve(context), StringComparison.Ordinal);

    private static bool HasId(HttpContext context, out string id)
    {
        id = context.Request.Query["id"].ToString();
        return id.Length > 0;
    }

    private bool IsEnabled(HttpTransportType transport) => (_options.Transports & transport) != 0;

    private static bool AcceptsEventStream(HttpRequest request)
    {
        foreach (var accept in request.Headers.Accept)
        {
            if (accept is not null && accept.Contains("text/event-stream", StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }

    private static bool IsTrue(StringValues value) => string.Equals(value.ToString(), "true", StringComparison.OrdinalIgnoreCase);

    private Task RejectTransportAsync(HttpContext context, string transport)
        => RejectAsync(context, StatusCodes.Status404NotFound, $"{transport} transport not supported by this end point type");

    // The connection is left untouched: the owner's requests go on as if this one never happened.
    private Task RejectForeignAsync(HttpContext context, HttpClientConnection connection)
    {
        if (_registry.RefusalLog.ShouldLog(out var suppressed))
        {
            ConnectionsLog.ForeignIdentity(_logger, connection.ConnectionId, suppressed);
        }

        _registry.Metrics.Refused(StatusCodes.Status403Forbidden);
        return RejectAsync(context, StatusCodes.Status403Forbidden, "This connection belongs to another user.");
    }

    private Task RejectOriginAsync(HttpContext context)
    {
        if (_registry.RefusalLog.ShouldLog(out var suppressed))
        {
            ConnectionsLog.OriginRefused(_logger, context.Request.Headers.Origin.ToString(), suppressed);
        }

        _registry.Metrics.Refused(StatusCodes.Status403Forbidden);
        return RejectAsync(context, StatusCodes.Status403Forbidden, "Origin not allowed.");
    }

    private Task RejectUnknownAsync(HttpContext context)
        => RejectAsync(context, StatusCodes.Status404NotFound, "No Connection with that ID");

    private Task RejectAsync(HttpContext context, int statusCode, string reason)
    {
        ConnectionsLog.RequestRejected(_logger, statusCode, reason);
        if (context.Response.HasStarted)
        {
            return Task.CompletedTask;
        }

        context.Response.StatusCode = statusCode;
        context.Response.ContentType = "text/plain";
        return context.Response.WriteAsync(reason, context.RequestAborted);
    }

    private static IReadOnlyList<AvailableTransport> DescribeTransports(HttpTransportType transports)
    {
        var list = new List<AvailableTransport>(3);
        if ((transports & HttpTransportType.WebSockets) != 0)
        {
            list.Add(new AvailableTransport(TransportNames.WebSockets, TextAndBinary));
        }

        if ((transports & HttpTransportType.ServerSentEvents) != 0)
        {
            list.Add(new AvailableTransport(TransportNames.ServerSentEvents, TextOnly));
        }

        if ((transports & HttpTransportType.LongPolling) != 0)
        {
            list.Add(new AvailableTransport(TransportNames.LongPolling, TextAndBinary));
        }

        return list;
    }
}
