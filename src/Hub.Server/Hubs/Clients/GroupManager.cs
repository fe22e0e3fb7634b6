namespace HubFramework.Server.Hubs;

/// <summary>Group membership of a hub's connections, through its lifetime manager.</summary>
internal sealed class GroupManager<THub>(HubLifetimeManager<THub> lifetimeManager) : IGroupManager
    where THub : Hub
{
    public Task AddToGroupAsync(string connectionId, string groupName, CancellationToken cancellationToken = default)
        => lifetimeManager.AddToGroupAsync(connectionId, HubClients<THub>.ApplicationGroup(groupName), cancellationToken);

    public Task RemoveFromGroupAsync(string connectionId, string groupName, CancellationToken cancellationToken = default)
        => lifetimeManager.RemoveFromGroupAsync(connectionId, HubClients<THub>.ApplicationGroup(groupName), cancellationToken);
}
