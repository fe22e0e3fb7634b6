using HubFramework.Server.Hubs.Outbound;

namespace HubFramework.Server.Hubs;

/// <summary>The members of any of the groups (each once).</summary>
internal sealed class MultipleGroupsProxy<THub>(HubLifetimeManager<THub> lifetimeManager, IReadOnlyList<string> groupNames) : IClientProxy
    where THub : Hub
{
    /// <inheritdoc />
    public Task SendCoreAsync(string method, object?[] args, CancellationToken cancellationToken = default)
        => SendCoreAsync(method, args, null, cancellationToken);

    /// <inheritdoc />
    public Task SendCoreAsync(string method, object?[] args, SendOptions? options, CancellationToken cancellationToken = default)
        => lifetimeManager.SendGroupsAsync(groupNames, method, args, options, cancellationToken);
}
