namespace HubFramework.Server.Hubs;

/// <summary>Client selection from inside a hub method, relative to the calling connection.</summary>
public interface IHubCallerClients<T> : IHubClients<T>
{
    /// <summary>The caller.</summary>
    T Caller { get; }

    /// <summary>Everyone but the caller.</summary>
    T Others { get; }

    /// <summary>A group's members except the caller.</summary>
    T OthersInGroup(string groupName);
}

/// <summary>Untyped client selection relative to the caller.</summary>
public interface IHubCallerClients : IHubCallerClients<IClientProxy>, IHubClients
{
    /// <summary>The caller, with client results.</summary>
    new ISingleClientProxy Caller { get; }
}
