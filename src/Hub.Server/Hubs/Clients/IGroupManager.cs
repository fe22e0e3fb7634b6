namespace HubFramework.Server.Hubs;

/// <summary>Adds connections to and removes them from groups.</summary>
public interface IGroupManager
{
    /// <summary>Adds a connection to a group; completes when the membership is in effect (on every node).</summary>
    Task AddToGroupAsync(string connectionId, string groupName, CancellationToken cancellationToken = default);

    /// <summary>Removes a connection from a group.</summary>
    Task RemoveFromGroupAsync(string connectionId, string groupName, CancellationToken cancellationToken = default);
}
