namespace HubFramework.Server.Hubs;

/// <summary>Strongly typed caller-relative client selection over an untyped one; the fixed selections are built once.</summary>
internal sealed class TypedHubCallerClients<T> : IHubCallerClients<T>
    where T : class
{
    private readonly IHubCallerClients _clients;
    private T? _all;
    private T? _caller;
    private T? _others;

    public TypedHubCallerClients(IHubCallerClients clients)
    {
        ArgumentNullException.ThrowIfNull(clients);
        _clients = clients;
    }

    public T All => _all ??= TypedClientProxy.Create<T>(_clients.All);

    public T Caller => _caller ??= TypedClientProxy.Create<T>(_clients.Caller);

    public T Others => _others ??= TypedClientProxy.Create<T>(_clients.Others);

    public T OthersInGroup(string groupName) => TypedClientProxy.Create<T>(_clients.OthersInGroup(groupName));

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
