namespace HubFramework.Server.Hubs;

/// <summary>Untyped client selection of a hub, over its lifetime manager.</summary>
internal sealed class HubClients<THub> : IHubClients
    where THub : Hub
{
    private readonly HubLifetimeManager<THub> _lifetimeManager;

    public HubClients(HubLifetimeManager<THub> lifetimeManager)
    {
        ArgumentNullException.ThrowIfNull(lifetimeManager);
        _lifetimeManager = lifetimeManager;
        All = new AllClientsProxy<THub>(lifetimeManager);
    }

    public IClientProxy All { get; }

    public IClientProxy AllExcept(IReadOnlyList<string> excludedConnectionIds)
        => new AllClientsExceptProxy<THub>(_lifetimeManager, NotNull(excludedConnectionIds));

    public ISingleClientProxy Client(string connectionId)
        => new SingleClientProxy<THub>(_lifetimeManager, NotNull(connectionId));

    IClientProxy IHubClients<IClientProxy>.Client(string connectionId) => Client(connectionId);

    public IClientProxy Clients(IReadOnlyList<string> connectionIds)
        => new MultipleClientsProxy<THub>(_lifetimeManager, NotNull(connectionIds));

    public IClientProxy Group(string groupName)
        => new GroupProxy<THub>(_lifetimeManager, ApplicationGroup(groupName));

    public IClientProxy Groups(IReadOnlyList<string> groupNames)
    {
        foreach (var name in NotNull(groupNames))
        {
            ApplicationGroup(name);
        }

        return new MultipleGroupsProxy<THub>(_lifetimeManager, groupNames);
    }

    public IClientProxy GroupExcept(string groupName, IReadOnlyList<string> excludedConnectionIds)
        => new GroupExceptProxy<THub>(_lifetimeManager, ApplicationGroup(groupName), NotNull(excludedConnectionIds));

    public IClientProxy Room(string room)
        => new GroupProxy<THub>(_lifetimeManager, Rooms.RoomManager<THub>.GroupName(NotNull(room)));

    /// <summary>Rooms ride on groups under a reserved prefix; an application group must not reach into them.</summary>
    internal static string ApplicationGroup(string groupName, [System.Runtime.CompilerServices.CallerArgumentExpression(nameof(groupName))] string? name = null)
    {
        ArgumentNullException.ThrowIfNull(groupName, name);
        if (groupName.StartsWith(Rooms.RoomManager<THub>.GroupPrefix, StringComparison.Ordinal))
        {
            throw new ArgumentException($"Group names starting with '{Rooms.RoomManager<THub>.GroupPrefix}' are reserved for rooms.", name);
        }

        return groupName;
    }

    public IClientProxy User(string userId)
        => new UserProxy<THub>(_lifetimeManager, NotNull(userId));

    public IClientProxy Users(IReadOnlyList<string> userIds)
        => new MultipleUsersProxy<THub>(_lifetimeManager, NotNull(userIds));

    private static T NotNull<T>(T value, [System.Runtime.CompilerServices.CallerArgumentExpression(nameof(value))] string? name = null)
        where T : class
        => value ?? throw new ArgumentNullException(name);
}
