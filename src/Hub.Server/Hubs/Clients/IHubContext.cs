namespace HubFramework.Server.Hubs;

/// <summary>Sends to a hub's clients from outside the hub (controllers, background services). Resolve from DI.</summary>
/// <typeparam name="THub">The hub.</typeparam>
public interface IHubContext<THub>
    where THub : Hub
{
    /// <summary>Client selection.</summary>
    IHubClients Clients { get; }

    /// <summary>Group membership.</summary>
    IGroupManager Groups { get; }
}

/// <summary>Strongly typed <see cref="IHubContext{THub}"/>.</summary>
public interface IHubContext<THub, TClient>
    where THub : Hub<TClient>
    where TClient : class
{
    /// <summary>Client selection.</summary>
    IHubClients<TClient> Clients { get; }

    /// <summary>Group membership.</summary>
    IGroupManager Groups { get; }
}
