using HubFramework.Server.Hubs.Outbound;

namespace HubFramework.Server.Hubs;

/// <summary>Every connection of the listed users.</summary>
internal sealed class MultipleUsersProxy<THub>(HubLifetimeManager<THub> lifetimeManager, IReadOnlyList<string> userIds) : IClientProxy
    where THub : Hub
{
    /// <inheritdoc />
    public Task SendCoreAsync(string method, object?[] args, CancellationToken cancellationToken = default)
        => SendCoreAsync(method, args, null, cancellationToken);

    /// <inheritdoc />
    public Task SendCoreAsync(string method, object?[] args, SendOptions? options, CancellationToken cancellationToken = default)
        => lifetimeManager.SendUsersAsync(userIds, method, args, options, cancellationToken);
}
