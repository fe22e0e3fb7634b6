using HubFramework.Server.Hubs.Namespaces;

namespace HubFramework.Server.Hubs;

/// <summary>Sends to a hub's clients from outside the hub. A singleton per hub type.</summary>
internal sealed class HubContext<THub> : IHubContext<THub>
    where THub : Hub
{
    private readonly HubNamespaceRegistry<THub> _namespaces;

    /// <summary>A context over one lifetime manager (tests, in-memory hosting).</summary>
    public HubContext(HubLifetimeManager<THub> lifetimeManager)
        : this(HubNamespaceRegistry<THub>.Over(lifetimeManager))
    {
    }

    public HubContext(HubNamespaceRegistry<THub> namespaces)
    {
        ArgumentNullException.ThrowIfNull(namespaces);
        _namespaces = namespaces;
    }

    public IHubClients Clients => _namespaces.Default.Clients;

    public IGroupManager Groups => _namespaces.Default.Groups;

    public IRoomManager Rooms => _namespaces.Default.Rooms;

    public IHubNamespaceContext Namespace(string path) => _namespaces.Resolve(path);
}
