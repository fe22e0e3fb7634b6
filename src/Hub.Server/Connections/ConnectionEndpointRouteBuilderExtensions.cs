using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http.Timeouts;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace HubFramework.Server.Connections;

/// <summary>Maps connection endpoints (negotiate + transports) into endpoint routing.</summary>
public static class ConnectionEndpointRouteBuilderExtensions
{
    /// <summary>
    /// Maps <c>POST {pattern}/negotiate</c> and <c>{pattern}</c> (WebSocket upgrade, Server-Sent Events and
    /// long-polling GET, POST sends, DELETE) to connections served by the handler <paramref name="handlerFactory"/>
    /// creates (once, here, so that configuration errors surface at start-up). Conventions applied to the returned
    /// builder (<c>RequireAuthorization</c>, <c>RequireCors</c>, metadata) apply to both endpoints, as does
    /// <paramref name="endpointMetadata"/> (for example <c>[Authorize]</c> attributes of a hub class).
    /// Requires <see cref="ConnectionServiceCollectionExtensions.AddClientConnections"/>.
    /// </summary>
    /// <remarks>
    /// Status codes, as stock SignalR clients expect them: a missing <c>id</c> is 400; an unknown (or ended)
    /// connection 404; a transport other than the one the connection started with 400 ("Cannot change transports
    /// mid-connection"); a transport disabled in <see cref="ConnectionEndpointOptions.Transports"/> 404; a second
    /// event stream or WebSocket for one connection 409 (a stateful-reconnect WebSocket takes over instead); a POST
    /// while another POST of the connection is in progress 409; POST to a WebSocket connection 405; DELETE on anything
    /// but a polled long-polling connection 400, otherwise 202. A new poll ends the pending one with 204; the first
    /// poll answers an empty 200 at once; a poll after the application finished and everything was delivered is 204.
    /// </remarks>
    /// <param name="endpoints">The route builder.</param>
    /// <param name="pattern">The route pattern of the connection endpoint, e.g. <c>/hubs/chat</c>.</param>
    /// <param name="configure">Configures the endpoint's options (optional).</param>
    /// <param name="handlerFactory">Creates the handler that serves each connection.</param>
    /// <param name="endpointMetadata">Metadata added to both endpoints (optional).</param>
    public static IEndpointConventionBuilder MapClientConnections(
        this IEndpointRouteBuilder endpoints,
        string pattern,
        Action<ConnectionEndpointOptions>? configure,
        Func<IServiceProvider, IConnectionHandler> handlerFactory,
        IReadOnlyList<object>? endpointMetadata = null)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        ArgumentException.ThrowIfNullOrEmpty(pattern);
        ArgumentNullException.ThrowIfNull(handlerFactory);

        var options = new ConnectionEndpointOptions();
        configure?.Invoke(options);
        options.Validate();

        var services = endpoints.ServiceProvider;
        var registry = services.GetService<ConnectionRegistry>()
            ?? throw new InvalidOperationException("Connection services are not registered: call services.AddClientConnections() (AddHubs does) before mapping connection endpoints.");
        var handler = handlerFactory(services)
            ?? throw new InvalidOperationException("The connection handler factory returned null.");
        var dispatcher = new ConnectionDispatcher(options, handler, registry, services, services.GetRequiredService<ILoggerFactory>(), new EndpointPathTemplate(pattern));

        var basePattern = pattern.TrimEnd('/');
        if (services.GetService<IConnectionRequestRelay>() is { } relay)
        {
            // Any node may receive any request of a connection: the others are served through its owner.
            relay.AddEndpoint(basePattern, dispatcher.ExecuteAsync);
            dispatcher.RelayUnknown = (context, token) => relay.TryRelayAsync(context, basePattern, token);
        }
        var negotiate = endpoints.Map(basePattern + "/negotiate", dispatcher.NegotiateAsync)
            .WithMetadata(new HttpMethodMetadata(["POST"], acceptCorsPreflight: true))
            .WithDisplayName(basePattern + "/negotiate");

        // The WebSocket feature is provided here, so apps need not call UseWebSockets themselves.
        var transportPipeline = endpoints.CreateApplicationBuilder();
        transportPipeline.UseWebSockets();
        transportPipeline.Run(dispatcher.ExecuteAsync);
        var transports = endpoints.Map(basePattern.Length == 0 ? "/" : basePattern, transportPipeline.Build())
            // CONNECT: WebSockets over HTTP/2 arrive as extended CONNECT requests.
            .WithMetadata(new HttpMethodMetadata(["GET", "POST", "DELETE", "CONNECT"], acceptCorsPreflight: true))
            // Polls and event streams are meant to be long; request timeouts must not cut them.
            .WithMetadata(new DisableRequestTimeoutAttribute())
            .WithDisplayName(basePattern.Length == 0 ? "/" : basePattern);

        negotiate.WithMetadata(options);
        transports.WithMetadata(options);
        if (endpointMetadata is not null)
        {
            foreach (var item in endpointMetadata)
            {
                negotiate.WithMetadata(item);
                transports.WithMetadata(item);
            }
        }

        return new ConnectionEndpointConventionBuilder(negotiate, transports);
    }
}
