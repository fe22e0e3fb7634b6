using HubFramework.Server.Hubs;
using Microsoft.Extensions.Logging;

namespace HubFramework.Server.Backplane.Nats;

/// <summary>
/// Creates a <see cref="NatsHubLifetimeManager{THub}"/> per namespace: the namespace key (the canonical endpoint path)
/// is the backplane scope, so two namespaces of one hub type, like two hubs, never see each other's traffic.
/// </summary>
/// <typeparam name="THub">The hub.</typeparam>
internal sealed class NatsHubLifetimeManagerFactory<THub>(NatsBackplane backplane, ILoggerFactory loggerFactory) : IHubLifetimeManagerFactory<THub>
    where THub : Hub
{
    public HubLifetimeManager<THub> Create(string namespaceKey) => new NatsHubLifetimeManager<THub>(backplane, namespaceKey, loggerFactory);
}
