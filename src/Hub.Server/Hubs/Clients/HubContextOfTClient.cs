using HubFramework.Server.Hubs.Namespaces;

namespace HubFramework.Server.Hubs;

/// <summary>Sends to a strongly typed hub's clients from outside the hub. A singleton per hub type.</summary>
internal sealed class HubContext<THub, TClient> : IHubContext<THub, TClient>
    where THub : Hub<TClient>
    where TClient : class
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

    public IHubClients<TClient> Clients => new TypedHubClients<TClient>(_namespaces.Default.Clients);

    public IGroupManager Groups => _namespaces.Default.Groups;

    public IRoomManager Rooms => _namespaces.Default.Rooms;

    public IHubNamespaceContext<TClient> Namespace(string path) => new TypedNamespaceContext(_namespaces.Resolve(path));

    private sealed class TypedNamespaceContext(IHubNamespaceContext inner) : IHubNamespaceContext<TClient>
    {
        public string Name => inner.Name;

        public IHubClients<TClient> Clients { get; } = new TypedHubClients<TClient>(inner.Clients);

        public IGroupManager Groups => inner.Groups;

        public IRoomManager Rooms => inner.Rooms;
    }
}
