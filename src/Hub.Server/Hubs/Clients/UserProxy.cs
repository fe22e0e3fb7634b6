using HubFramework.Server.Hubs.Outbound;

namespace HubFramework.Server.Hubs;

/// <summary>Every connection of a user.</summary>
internal sealed class UserProxy<THub>(HubLifetimeManager<THub> lifetimeManager, string userId) : IClientProxy
    where THub : Hub
{
    /// <inheritdoc />
    public Task SendCoreAsync(string method, object?[] args, CancellationToken cancellationToken = default)
        => SendCoreAsync(method, args, null, cancellationToken);

    /// <inheritdoc />
    public Task SendCoreAsync(string method, object?[] args, SendOptions? options, CancellationToken cancellationToken = default)
        => lifetimeManager.SendUserAsync(userId, method, args, options, cancellationToken);
}
