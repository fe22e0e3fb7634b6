namespace HubFramework.Server.Hubs;

/// <summary>
/// Creates the lifetime manager of one namespace of hub <typeparamref name="THub"/>. Each mapped hub path is a
/// namespace (and each set of route values of a dynamic pattern), with its own connections, groups, users and rooms:
/// a backplane replaces this factory and scopes everything it sends between nodes by <c>namespaceKey</c>.
/// </summary>
/// <typeparam name="THub">The hub.</typeparam>
public interface IHubLifetimeManagerFactory<THub>
    where THub : Hub
{
    /// <summary>
    /// Creates the manager of the namespace <paramref name="namespaceKey"/>: the canonical endpoint path, e.g.
    /// <c>/hubs/chat</c> or <c>/tenants/acme/hubs/chat</c> (only <c>A-Z a-z 0-9 - _ / %</c>). Called once per namespace
    /// and node, the first time the namespace is used.
    /// </summary>
    HubLifetimeManager<THub> Create(string namespaceKey);
}
