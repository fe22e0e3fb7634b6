using HubFramework.Server.Hubs.Outbound;

namespace HubFramework.Server.Hubs;

/// <summary>The members of a group.</summary>
internal sealed class GroupProxy<THub>(HubLifetimeManager<THub> lifetimeManager, string groupName) : IClientProxy
    where THub : Hub
{
    /// <inheritdoc />
    public Task SendCoreAsync(string method, object?[] args, CancellationToken cancellationToken = default)
        => SendCoreAsync(method, args, null, cancellationToken);

    /// <inheritdoc />
    public Task SendCoreAsync(string method, object?[] args, SendOptions? options, CancellationToken cancellationToken = default)
        => lifetimeManager.SendGroupAsync(groupName, method, args, options, cancellationToken);
}
