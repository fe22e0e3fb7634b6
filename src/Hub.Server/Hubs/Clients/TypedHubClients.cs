namespace HubFramework.Server.Hubs;

/// <summary>Strongly typed client selection over an untyped one.</summary>
internal sealed class TypedHubClients<T> : IHubClients<T>
    where T : class
{
    private readonly IHubClients _clients;

    public TypedHubClients(IHubClients clients)
    {
        ArgumentNullException.ThrowIfNull(clients);
        _clients = clients;
        All = TypedClientProxy.Create<T>(clients.All);
    }

    public T All { get; }

    public T AllExcept(IReadOnlyList<string> excludedConnectionIds) => TypedClientProxy.Create<T>(_clients.AllExcept(excludedConnectionIds));

    public T Client(string connectionId) => TypedClientProxy.Create<T>(_clients.Client(connectionId));

    public T Clients(IReadOnlyList<string> connectionIds) => TypedClientProxy.Create<T>(_clients.Clients(connectionIds));

    public T Group(string groupName) => TypedClientProxy.Create<T>(_clients.Group(groupName));

    public T Groups(IReadOnlyList<string> groupNames) => TypedClientProxy.Create<T>(_clients.Groups(groupNames));

    public T GroupExcept(string groupName, IReadOnlyList<string> excludedConnectionIds) => TypedClientProxy.Create<T>(_clients.GroupExcept(groupName, excludedConnectionIds));

    public T User(string userId) => TypedClientProxy.Create<T>(_clients.User(userId));

    public T Users(IReadOnlyList<string> userIds) => TypedClientProxy.Create<T>(_clients.Users(userIds));

    public T Room(string room) => TypedClientProxy.Create<T>(_clients.Room(room));
}
