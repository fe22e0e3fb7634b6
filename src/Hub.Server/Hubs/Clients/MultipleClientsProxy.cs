using HubFramework.Server.Hubs.Outbound;

namespace HubFramework.Server.Hubs;

/// <summary>The listed connections.</summary>
internal sealed class MultipleClientsProxy<THub>(HubLifetimeManager<THub> lifetimeManager, IReadOnlyList<string> connectionIds) : IClientProxy
    where THub : Hub
{
    /// <inheritdoc />
    public Task SendCoreAsync(string method, object?[] args, CancellationToken cancellationToken = default)
        => SendCoreAsync(method, args, null, cancellationToken);

    /// <inheritdoc />
    public Task SendCoreAsync(string method, object?[] args, SendOptions? options, CancellationToken cancellationToken = default)
        => lifetimeManager.SendConnectionsAsync(connectionIds, method, args, options, cancellationToken);
}
