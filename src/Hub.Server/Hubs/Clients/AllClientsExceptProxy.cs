using HubFramework.Server.Hubs.Outbound;

namespace HubFramework.Server.Hubs;

/// <summary>Every connection but the excluded ones.</summary>
internal sealed class AllClientsExceptProxy<THub>(HubLifetimeManager<THub> lifetimeManager, IReadOnlyList<string> excludedConnectionIds) : IClientProxy
    where THub : Hub
{
    /// <inheritdoc />
    public Task SendCoreAsync(string method, object?[] args, CancellationToken cancellationToken = default)
        => SendCoreAsync(method, args, null, cancellationToken);

    /// <inheritdoc />
    public Task SendCoreAsync(string method, object?[] args, SendOptions? options, CancellationToken cancellationToken = default)
        => lifetimeManager.SendAllExceptAsync(method, args, excludedConnectionIds, options, cancellationToken);
}
