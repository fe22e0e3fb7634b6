namespace HubFramework.Server.Hubs;

/// <summary>
/// Sends to a hub's clients from outside the hub (controllers, background services). Resolve from DI.
/// </summary>
/// <remarks>
/// Every mapped path of a hub is its own namespace (and every set of route values of a dynamic pattern such as
/// <c>/tenants/{tenant}/hubs/chat</c>). <see cref="Clients"/>, <see cref="Groups"/> and <see cref="Rooms"/> address
/// the hub's only namespace: use them for a hub mapped once at a path without route values. For a hub mapped at
/// several paths, or at a dynamic pattern, they throw <see cref="InvalidOperationException"/>: address one namespace
/// with <see cref="Namespace(string)"/>.
/// </remarks>
/// <typeparam name="THub">The hub.</typeparam>
public interface IHubContext<THub>
    where THub : Hub
{
    /// <summary>Client selection in the hub's only namespace.</summary>
    IHubClients Clients { get; }

    /// <summary>Group membership in the hub's only namespace.</summary>
    IGroupManager Groups { get; }

    /// <summary>Rooms in the hub's only namespace.</summary>
    IRoomManager Rooms { get; }

    /// <summary>One namespace of the hub, by the path a client would connect to (e.g. <c>/tenants/acme/hubs/chat</c>).</summary>
    /// <exception cref="ArgumentException">No mapping of the hub matches <paramref name="path"/>.</exception>
    IHubNamespaceContext Namespace(string path);
}

/// <summary>Strongly typed <see cref="IHubContext{THub}"/> (same namespace rules).</summary>
public interface IHubContext<THub, TClient>
    where THub : Hub<TClient>
    where TClient : class
{
    /// <summary>Client selection in the hub's only namespace.</summary>
    IHubClients<TClient> Clients { get; }

    /// <summary>Group membership in the hub's only namespace.</summary>
    IGroupManager Groups { get; }

    /// <summary>Rooms in the hub's only namespace.</summary>
    IRoomManager Rooms { get; }

    /// <summary>One namespace of the hub, by the path a client would connect to.</summary>
    /// <exception cref="ArgumentException">No mapping of the hub matches <paramref name="path"/>.</exception>
    IHubNamespaceContext<TClient> Namespace(string path);
}
