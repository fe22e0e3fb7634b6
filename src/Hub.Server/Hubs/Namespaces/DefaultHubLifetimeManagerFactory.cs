using Microsoft.Extensions.Logging;

namespace HubFramework.Server.Hubs;

/// <summary>Creates an in-memory <see cref="DefaultHubLifetimeManager{THub}"/> per namespace (one node).</summary>
/// <typeparam name="THub">The hub.</typeparam>
internal sealed class DefaultHubLifetimeManagerFactory<THub>(ILoggerFactory loggerFactory) : IHubLifetimeManagerFactory<THub>
    where THub : Hub
{
    public HubLifetimeManager<THub> Create(string namespaceKey)
        => new DefaultHubLifetimeManager<THub>(loggerFactory.CreateLogger<DefaultHubLifetimeManager<THub>>());
}
