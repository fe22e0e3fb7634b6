namespace HubFramework.Server.Hubs;

/// <summary>Sends to a strongly typed hub's clients from outside the hub. A singleton per hub type.</summary>
internal sealed class HubContext<THub, TClient> : IHubContext<THub, TClient>
    where THub : Hub<TClient>
    where TClient : class
{
    public HubContext(HubLifetimeManager<THub> lifetimeManager)
    {
        ArgumentNullException.ThrowIfNull(lifetimeManager);
        Clients = new TypedHubClients<TClient>(new HubClients<THub>(lifetimeManager));
        Groups = new GroupManager<THub>(lifetimeManager);
    }

    public IHubClients<TClient> Clients { get; }

    public IGroupManager Groups { get; }
}
