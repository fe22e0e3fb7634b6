namespace HubFramework.Server.Hubs;

/// <summary>Sends to a hub's clients from outside the hub. A singleton per hub type.</summary>
internal sealed class HubContext<THub> : IHubContext<THub>
    where THub : Hub
{
    public HubContext(HubLifetimeManager<THub> lifetimeManager)
    {
        ArgumentNullException.ThrowIfNull(lifetimeManager);
        Clients = new HubClients<THub>(lifetimeManager);
        Groups = new GroupManager<THub>(lifetimeManager);
    }

    public IHubClients Clients { get; }

    public IGroupManager Groups { get; }
}
