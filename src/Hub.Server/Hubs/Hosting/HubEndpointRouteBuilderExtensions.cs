using HubFramework.Server.Connections;
using HubFramework.Server.Hubs.Namespaces;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace HubFramework.Server.Hubs;

/// <summary>Maps hubs to endpoints.</summary>
public static class HubEndpointRouteBuilderExtensions
{
    /// <summary>
    /// Serves hub <typeparamref name="THub"/> at <paramref name="pattern"/> (and <c>{pattern}/negotiate</c>). The hub's
    /// attributes (<c>[Authorize]</c>, CORS, …) become endpoint metadata, so the app's authorization and CORS apply to
    /// every request of the connection. The hub's methods are bound here: an invalid hub fails at start-up.
    /// Each mapped path is a namespace with its own connections, groups, users and rooms; a pattern with route
    /// parameters (e.g. <c>/tenants/{tenant}/hubs/chat</c>) is one namespace per set of values, the values available
    /// from <see cref="HubCallerContext.RouteValues"/>. A connection token is only accepted at its own namespace's path.
    /// </summary>
    /// <param name="endpoints">The route builder.</param>
    /// <param name="pattern">The route pattern, e.g. "/hubs/chat".</param>
    /// <param name="configure">Transport and negotiate options of this endpoint.</param>
    public static IEndpointConventionBuilder MapHub<THub>(this IEndpointRouteBuilder endpoints, string pattern, Action<ConnectionEndpointOptions>? configure = null)
        where THub : Hub
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        ArgumentException.ThrowIfNullOrEmpty(pattern);

        // Resolving the handler now builds its method table, so overloads and other mistakes surface at start-up.
        _ = endpoints.ServiceProvider.GetService<HubConnectionHandler<THub>>()
            ?? throw new InvalidOperationException($"Hubs are not registered: call services.AddHubs() before mapping '{typeof(THub).Name}'.");

        // Every mapped path is a namespace of its own (per set of route values, for a pattern with parameters).
        endpoints.ServiceProvider.GetRequiredService<HubNamespaceRegistry<THub>>().AddPattern(new EndpointPathTemplate(pattern));

        var metadata = typeof(THub).GetCustomAttributes(inherit: true);
        return endpoints.MapClientConnections(
            pattern,
            configure,
            static services => services.GetRequiredService<HubConnectionHandler<THub>>(),
            metadata)
            .WithMetadata(new HubEndpointMetadata(typeof(THub), pattern.Length > 1 ? pattern.TrimEnd('/') : pattern));
    }
}
