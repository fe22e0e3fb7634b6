namespace HubFramework.Server.Hubs;

/// <summary>One namespace of a hub, addressed from outside the hub: <c>hubContext.Namespace("/tenants/acme/hubs/chat")</c>.</summary>
public interface IHubNamespaceContext
{
    /// <summary>The namespace's canonical key (its endpoint path with route values filled in).</summary>
    string Name { get; }

    /// <summary>Client selection within the namespace.</summary>
    IHubClients Clients { get; }

    /// <summary>Group membership within the namespace.</summary>
    IGroupManager Groups { get; }

    /// <summary>Rooms and presence within the namespace.</summary>
    IRoomManager Rooms { get; }
}

/// <summary>Strongly typed <see cref="IHubNamespaceContext"/>.</summary>
/// <typeparam name="TClient">The client interface.</typeparam>
public interface IHubNamespaceContext<TClient>
    where TClient : class
{
    /// <summary>The namespace's canonical key (its endpoint path with route values filled in).</summary>
    string Name { get; }

    /// <summary>Client selection within the namespace.</summary>
    IHubClients<TClient> Clients { get; }

    /// <summary>Group membership within the namespace.</summary>
    IGroupManager Groups { get; }

    /// <summary>Rooms and presence within the namespace.</summary>
    IRoomManager Rooms { get; }
}
