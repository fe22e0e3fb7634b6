using HubFramework.Server.Hubs.Outbound;

namespace HubFramework.Server.Hubs;

/// <summary>One connection: sends may wait for room in its queue (policy Wait), and it can be asked for a result.</summary>
internal sealed class SingleClientProxy<THub>(HubLifetimeManager<THub> lifetimeManager, string connectionId) : ISingleClientProxy
    where THub : Hub
{
    /// <inheritdoc />
    public Task SendCoreAsync(string method, object?[] args, CancellationToken cancellationToken = default)
        => SendCoreAsync(method, args, null, cancellationToken);

    /// <inheritdoc />
    public Task SendCoreAsync(string method, object?[] args, SendOptions? options, CancellationToken cancellationToken = default)
        => lifetimeManager.SendConnectionAsync(connectionId, method, args, options, cancellationToken);

    /// <inheritdoc />
    public Task<T> InvokeCoreAsync<T>(string method, object?[] args, CancellationToken cancellationToken = default)
        => lifetimeManager.InvokeConnectionAsync<T>(connectionId, method, args, cancellationToken);
}
