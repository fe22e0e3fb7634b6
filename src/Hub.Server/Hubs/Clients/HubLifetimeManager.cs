using HubFramework.Protocol;
using HubFramework.Server.Hubs.Outbound;

namespace HubFramework.Server.Hubs;

/// <summary>
/// Tracks a hub's connections, groups and users, and delivers messages to them. The in-memory implementation serves
/// one node; a backplane implementation makes several nodes behave as one. Every send serializes a message at most
/// once per protocol in use and only queues it on each connection (never awaits a socket for fan-out).
/// </summary>
/// <typeparam name="THub">The hub.</typeparam>
public abstract class HubLifetimeManager<THub>
    where THub : Hub
{
    /// <summary>A connection finished its handshake.</summary>
    public abstract Task OnConnectedAsync(HubConnectionContext connection);

    /// <summary>A connection ended; drop it from every group and fail its pending client results.</summary>
    public abstract Task OnDisconnectedAsync(HubConnectionContext connection);

    /// <summary>Sends to every connection.</summary>
    public abstract Task SendAllAsync(string methodName, object?[] args, SendOptions? options, CancellationToken cancellationToken = default);

    /// <summary>Sends to every connection but the excluded ones.</summary>
    public abstract Task SendAllExceptAsync(string methodName, object?[] args, IReadOnlyList<string> excludedConnectionIds, SendOptions? options, CancellationToken cancellationToken = default);

    /// <summary>Sends to one connection.</summary>
    public abstract Task SendConnectionAsync(string connectionId, string methodName, object?[] args, SendOptions? options, CancellationToken cancellationToken = default);

    /// <summary>Sends to the listed connections.</summary>
    public abstract Task SendConnectionsAsync(IReadOnlyList<string> connectionIds, string methodName, object?[] args, SendOptions? options, CancellationToken cancellationToken = default);

    /// <summary>Sends to a group.</summary>
    public abstract Task SendGroupAsync(string groupName, string methodName, object?[] args, SendOptions? options, CancellationToken cancellationToken = default);

    /// <summary>Sends to the members of any of the groups (each connection once).</summary>
    public abstract Task SendGroupsAsync(IReadOnlyList<string> groupNames, string methodName, object?[] args, SendOptions? options, CancellationToken cancellationToken = default);

    /// <summary>Sends to a group except the excluded connections.</summary>
    public abstract Task SendGroupExceptAsync(string groupName, string methodName, object?[] args, IReadOnlyList<string> excludedConnectionIds, SendOptions? options, CancellationToken cancellationToken = default);

    /// <summary>Sends to every connection of a user.</summary>
    public abstract Task SendUserAsync(string userId, string methodName, object?[] args, SendOptions? options, CancellationToken cancellationToken = default);

    /// <summary>Sends to every connection of the listed users.</summary>
    public abstract Task SendUsersAsync(IReadOnlyList<string> userIds, string methodName, object?[] args, SendOptions? options, CancellationToken cancellationToken = default);

    /// <summary>Adds a connection to a group.</summary>
    public abstract Task AddToGroupAsync(string connectionId, string groupName, CancellationToken cancellationToken = default);

    /// <summary>Removes a connection from a group.</summary>
    public abstract Task RemoveFromGroupAsync(string connectionId, string groupName, CancellationToken cancellationToken = default);

    /// <summary>Invokes a method on one connection and waits for the client's result.</summary>
    public abstract Task<T> InvokeConnectionAsync<T>(string connectionId, string methodName, object?[] args, CancellationToken cancellationToken);

    /// <summary>Delivers a client's Completion for a server-to-client invocation. Unknown ids are ignored (logged).</summary>
    public abstract Task SetConnectionResultAsync(string connectionId, CompletionMessage result);

    /// <summary>The expected result type of an outstanding server-to-client invocation, for binding the client's Completion.</summary>
    public abstract bool TryGetReturnType(string invocationId, out Type? type);
}
