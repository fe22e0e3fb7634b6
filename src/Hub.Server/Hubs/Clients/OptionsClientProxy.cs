using HubFramework.Server.Hubs.Outbound;

namespace HubFramework.Server.Hubs;

/// <summary>Targets the same clients as another proxy, applying fixed <see cref="SendOptions"/> to sends that name none.</summary>
internal sealed class OptionsClientProxy(IClientProxy inner, SendOptions options) : IClientProxy
{
    public Task SendCoreAsync(string method, object?[] args, CancellationToken cancellationToken = default)
        => inner.SendCoreAsync(method, args, options, cancellationToken);

    public Task SendCoreAsync(string method, object?[] args, SendOptions? sendOptions, CancellationToken cancellationToken = default)
        => inner.SendCoreAsync(method, args, sendOptions ?? options, cancellationToken);
}
