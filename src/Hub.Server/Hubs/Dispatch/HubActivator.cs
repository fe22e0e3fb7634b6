using Microsoft.Extensions.DependencyInjection;

namespace HubFramework.Server.Hubs.Dispatch;

/// <summary>
/// Creates a hub instance per invocation: from the container when the hub type is registered there (the container
/// then owns it), otherwise through a factory compiled once (the activator then disposes it).
/// </summary>
internal sealed class HubActivator<THub>
    where THub : Hub
{
    private readonly ObjectFactory<THub>? _factory;

    public HubActivator(IServiceProviderIsService? services)
    {
        if (services?.IsService(typeof(THub)) != true)
        {
            _factory = ActivatorUtilities.CreateFactory<THub>(Type.EmptyTypes);
        }
    }

    public THub Create(IServiceProvider scope) => _factory is null ? scope.GetRequiredService<THub>() : _factory(scope, null);

    public ValueTask ReleaseAsync(THub hub)
    {
        if (_factory is null)
        {
            return default;
        }

        if (hub is IAsyncDisposable asyncDisposable)
        {
            return asyncDisposable.DisposeAsync();
        }

        hub.Dispose();
        return default;
    }
}
