namespace HubFramework.Server.Hubs;

/// <summary>Selects the connections of a hub to send to; <typeparamref name="T"/> is the proxy type (untyped or a client interface).</summary>
public interface IHubClients<T>
{
    /// <summary>Every connection.</summary>
    T All { get; }

    /// <summary>Every connection except the listed ones.</summary>
    T AllExcept(IReadOnlyList<string> excludedConnectionIds);

    /// <summary>One connection.</summary>
    T Client(string connectionId);

    /// <summary>The listed connections.</summary>
    T Clients(IReadOnlyList<string> connectionIds);

    /// <summary>The members of a group.</summary>
    T Group(string groupName);

    /// <summary>The members of any of the groups.</summary>
    T Groups(IReadOnlyList<string> groupNames);

    /// <summary>The members of a group except the listed connections.</summary>
    T GroupExcept(string groupName, IReadOnlyList<string> excludedConnectionIds);

    /// <summary>Every connection of a user.</summary>
    T User(string userId);

    /// <summary>Every connection of the listed users.</summary>
    T Users(IReadOnlyList<string> userIds);

    /// <summary>The members of a room (see <see cref="IRoomManager"/>), on every node.</summary>
    T Room(string room);
}

/// <summary>Untyped client selection.</summary>
public interface IHubClients : IHubClients<IClientProxy>
{
    /// <summary>One connection, with client results.</summary>
    new ISingleClientProxy Client(string connectionId);
}
