using HubFramework.Server.Hubs.Rooms;

namespace HubFramework.Server.Hubs.Namespaces;

/// <summary>
/// One namespace of hub <typeparamref name="THub"/> on this node: its lifetime manager (connections, groups, users)
/// and its rooms. Nothing in one namespace reaches a connection of another.
/// </summary>
/// <typeparam name="THub">The hub.</typeparam>
internal sealed class HubNamespace<THub> : IHubNamespaceContext
    where THub : Hub
{
    public HubNamespace(string name, HubLifetimeManager<THub> lifetimeManager, RoomManager<THub> rooms)
    {
        Name = name;
        LifetimeManager = lifetimeManager;
        RoomManager = rooms;
        Clients = new HubClients<THub>(lifetimeManager);
        Groups = new GroupManager<THub>(lifetimeManager);
    }

    public string Name { get; }

    public HubLifetimeManager<THub> LifetimeManager { get; }

    public RoomManager<THub> RoomManager { get; }

    public IHubClients Clients { get; }

    public IGroupManager Groups { get; }

    public IRoomManager Rooms => RoomManager;
}
