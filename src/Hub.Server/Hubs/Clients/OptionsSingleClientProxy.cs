using HubFramework.Server.Hubs.Outbound;

namespace HubFramework.Server.Hubs;

/// <summary>One client, applying fixed <see cref="SendOptions"/> to sends that name none; client results are unaffected.</summary>
internal sealed class OptionsSingleClientProxy(ISingleClientProxy inner, SendOptions options) : ISingleClientProxy
{
    public Task SendCoreAsync(string method, object?[] args, CancellationToken cancellationToken = default)
        => inner.SendCoreAsync(method, args, options, cancellationToken);

    public Task SendCoreAsync(string method, object?[] args, SendOptions? sendOptions, CancellationToken cancellationToken = default)
        => inner.SendCoreAsync(method, args, sendOptions ?? options, cancellationToken);

    public Task<T> InvokeCoreAsync<T>(string method, object?[] args, CancellationToken cancellationToken = default)
        => inner.InvokeCoreAsync<T>(method, args, cancellationToken);
}
