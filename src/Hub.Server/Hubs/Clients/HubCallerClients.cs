namespace HubFramework.Server.Hubs;

/// <summary>Client selection relative to one connection (the caller). One instance per connection, reused by every invocation.</summary>
internal sealed class HubCallerClients : IHubCallerClients
{
    private readonly IHubClients _hubClients;
    private readonly string[] _caller;

    public HubCallerClients(IHubClients hubClients, string connectionId)
    {
        ArgumentNullException.ThrowIfNull(hubClients);
        ArgumentNullException.ThrowIfNull(connectionId);
        _hubClients = hubClients;
        _caller = [connectionId];
        Caller = hubClients.Client(connectionId);
        Others = hubClients.AllExcept(_caller);
    }

    public ISingleClientProxy Caller { get; }

    IClientProxy IHubCallerClients<IClientProxy>.Caller => Caller;

    public IClientProxy Others { get; }

    public IClientProxy All => _hubClients.All;

    public IClientProxy OthersInGroup(string groupName) => _hubClients.GroupExcept(groupName, _caller);

    public IClientProxy AllExcept(IReadOnlyList<string> excludedConnectionIds) => _hubClients.AllExcept(excludedConnectionIds);

    public ISingleClientProxy Client(string connectionId) => _hubClients.Client(connectionId);

    IClientProxy IHubClients<IClientProxy>.Client(string connectionId) => Client(connectionId);

    public IClientProxy Clients(IReadOnlyList<string> connectionIds) => _hubClients.Clients(connectionIds);

    public IClientProxy Group(string groupName) => _hubClients.Group(groupName);

    public IClientProxy Groups(IReadOnlyList<string> groupNames) => _hubClients.Groups(groupNames);

    public IClientProxy GroupExcept(string groupName, IReadOnlyList<string> excludedConnectionIds) => _hubClients.GroupExcept(groupName, excludedConnectionIds);

    public IClientProxy User(string userId) => _hubClients.User(userId);

    public IClientProxy Users(IReadOnlyList<string> userIds) => _hubClients.Users(userIds);

    public IClientProxy Room(string room) => _hubClients.Room(room);
}
