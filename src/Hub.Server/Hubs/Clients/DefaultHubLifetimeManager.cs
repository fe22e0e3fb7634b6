using System.Collections.Concurrent;
using HubFramework.Protocol;
using HubFramework.Server.Hubs.Outbound;
using Microsoft.Extensions.Logging;

namespace HubFramework.Server.Hubs;

/// <summary>
/// The in-memory lifetime manager: the connections, groups and users of one hub on this node.
/// </summary>
/// <remarks>
/// Sends to several connections serialize the message once per protocol (lazily, only if someone receives it) and only
/// enqueue it on each connection's outbound queue: they never wait for a socket, so one slow client cannot hold up a
/// broadcast. A send to one connection may wait for room under <see cref="SlowConsumerPolicy.Wait"/>. Walking
/// connections allocates nothing; only sends spanning several groups, users or ids use a (reused) set to deliver once.
/// </remarks>
/// <typeparam name="THub">The hub.</typeparam>
public partial class DefaultHubLifetimeManager<THub> : HubLifetimeManager<THub>, Diagnostics.IHubGroupDirectory
    where THub : Hub
{
    private readonly HubConnectionStore _all = new();
    private readonly ConcurrentDictionary<string, ConnectionMembership> _connections = new(StringComparer.Ordinal);
    private readonly ConnectionGroupRegistry _groups = new();
    private readonly ConnectionGroupRegistry _users = new();
    private readonly ClientResultRegistry _results = new();
    private readonly ILogger _logger;

    /// <summary>Creates the manager.</summary>
    public DefaultHubLifetimeManager(ILogger<DefaultHubLifetimeManager<THub>> logger)
    {
        ArgumentNullException.ThrowIfNull(logger);
        _logger = logger;
    }

    /// <summary>Connections registered now.</summary>
    internal int ConnectionCount => _connections.Count;

    /// <summary>Non-empty groups now.</summary>
    internal int GroupCount => _groups.Count;

    /// <summary>Client results being waited for now.</summary>
    internal int PendingClientResults => _results.Count;

    IEnumerable<(string Name, int Members)> Diagnostics.IHubGroupDirectory.Groups() => _groups.Snapshot();

    IReadOnlyList<string> Diagnostics.IHubGroupDirectory.GroupsOf(string connectionId)
        => _connections.TryGetValue(connectionId, out var membership) ? membership.Groups() : [];

    /// <summary>The registered connection with <paramref name="connectionId"/>, or null (diagnostics and tests).</summary>
    internal HubConnectionContext? FindConnection(string connectionId)
        => _connections.TryGetValue(connectionId, out var membership) ? membership.Connection : null;

    /// <inheritdoc />
    public override Task OnConnectedAsync(HubConnectionContext connection)
    {
        ArgumentNullException.ThrowIfNull(connection);
        var membership = new ConnectionMembership(connection);
        if (!_connections.TryAdd(connection.ConnectionId, membership))
        {
            return Task.FromException(new InvalidOperationException($"A connection with id '{connection.ConnectionId}' is already registered."));
        }

        _all.TryAdd(connection);
        if (membership.UserIdentifier is { } user)
        {
            _users.Add(user, connection);
        }

        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public override Task OnDisconnectedAsync(HubConnectionContext connection)
    {
        ArgumentNullException.ThrowIfNull(connection);
        var id = connection.ConnectionId;
        if (_connections.TryGetValue(id, out var membership)
            && ReferenceEquals(membership.Connection, connection)
            && _connections.TryRemove(new KeyValuePair<string, ConnectionMembership>(id, membership)))
        {
            membership.Close(_groups);
            _all.Remove(id, retireIfEmpty: false);
            if (membership.UserIdentifier is { } user)
            {
                _users.Remove(user, id);
            }
        }

        _results.FailConnection(id, new IOException($"Connection '{id}' disconnected."));
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public override Task AddToGroupAsync(string connectionId, string groupName, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(connectionId);
        ArgumentNullException.ThrowIfNull(groupName);

        // A connection unknown here has gone (or lives on another node, which a backplane handles): nothing to do.
        if (_connections.TryGetValue(connectionId, out var membership))
        {
            membership.Join(groupName, _groups);
        }

        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public override Task RemoveFromGroupAsync(string connectionId, string groupName, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(connectionId);
        ArgumentNullException.ThrowIfNull(groupName);
        if (_connections.TryGetValue(connectionId, out var membership))
        {
            membership.Leave(groupName, _groups);
        }

        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public override Task SendAllAsync(string methodName, object?[] args, SendOptions? options, CancellationToken cancellationToken = default)
    {
        SerializedHubMessage? message = null;
        try
        {
            FanOut(_all.Slots, excluded: null, ref message, methodName, args, options);
            return Task.CompletedTask;
        }
        catch (Exception ex)
        {
            return Task.FromException(ex);
        }
    }

    /// <inheritdoc />
    public override Task SendAllExceptAsync(string methodName, object?[] args, IReadOnlyList<string> excludedConnectionIds, SendOptions? options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(excludedConnectionIds);
        SerializedHubMessage? message = null;
        try
        {
            FanOut(_all.Slots, excludedConnectionIds, ref message, methodName, args, options);
            return Task.CompletedTask;
        }
        catch (Exception ex)
        {
            return Task.FromException(ex);
        }
    }

    /// <inheritdoc />
    public override Task SendConnectionAsync(string connectionId, string methodName, object?[] args, SendOptions? options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(connectionId);
        if (!_connections.TryGetValue(connectionId, out var membership))
        {
            return Task.CompletedTask;
        }

        try
        {
            // One recipient: serialize straight into its queue, no shared cache needed.
            var write = membership.Connection.Outbound.WriteAsync(new InvocationMessage(methodName, args), options, cancellationToken);
            return write.IsCompletedSuccessfully ? Task.CompletedTask : write.AsTask();
        }
        catch (Exception ex)
        {
            return Task.FromException(ex);
        }
    }

    /// <inheritdoc />
    public override Task SendConnectionsAsync(IReadOnlyList<string> connectionIds, string methodName, object?[] args, SendOptions? options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(connectionIds);
        SerializedHubMessage? message = null;
        var seen = RecipientSet.Rent();
        try
        {
            for (var i = 0; i < connectionIds.Count; i++)
            {
                if (_connections.TryGetValue(connectionIds[i], out var membership) && seen.Add(membership.Connection))
                {
                    Enqueue(membership.Connection, ref message, methodName, args, options);
                }
            }

            return Task.CompletedTask;
        }
        catch (Exception ex)
        {
            return Task.FromException(ex);
        }
        finally
        {
            RecipientSet.Return(seen);
        }
    }

    /// <inheritdoc />
    public override Task SendGroupAsync(string groupName, string methodName, object?[] args, SendOptions? options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(groupName);
        return SendToSet(_groups.Find(groupName), excluded: null, methodName, args, options);
    }

    /// <inheritdoc />
    public override Task SendGroupExceptAsync(string groupName, string methodName, object?[] args, IReadOnlyList<string> excludedConnectionIds, SendOptions? options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(groupName);
        ArgumentNullException.ThrowIfNull(excludedConnectionIds);
        return SendToSet(_groups.Find(groupName), excludedConnectionIds, methodName, args, options);
    }

    /// <inheritdoc />
    public override Task SendGroupsAsync(IReadOnlyList<string> groupNames, string methodName, object?[] args, SendOptions? options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(groupNames);
        return SendToSets(_groups, groupNames, methodName, args, options);
    }

    /// <inheritdoc />
    public override Task SendUserAsync(string userId, string methodName, object?[] args, SendOptions? options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(userId);
        return SendToSet(_users.Find(userId), excluded: null, methodName, args, options);
    }

    /// <inheritdoc />
    public override Task SendUsersAsync(IReadOnlyList<string> userIds, string methodName, object?[] args, SendOptions? options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(userIds);
        return SendToSets(_users, userIds, methodName, args, options);
    }

    private static Task SendToSet(HubConnectionStore? store, IReadOnlyList<string>? excluded, string methodName, object?[] args, SendOptions? options)
    {
        if (store is null)
        {
            return Task.CompletedTask;
        }

        SerializedHubMessage? message = null;
        try
        {
            FanOut(store.Slots, excluded, ref message, methodName, args, options);
            return Task.CompletedTask;
        }
        catch (Exception ex)
        {
            return Task.FromException(ex);
        }
    }

    private static Task SendToSets(ConnectionGroupRegistry registry, IReadOnlyList<string> names, string methodName, object?[] args, SendOptions? options)
    {
        SerializedHubMessage? message = null;
        var seen = RecipientSet.Rent();
        try
        {
            for (var i = 0; i < names.Count; i++)
            {
                if (registry.Find(names[i]) is not { } store)
                {
                    continue;
                }

                foreach (var connection in store.Slots)
                {
                    if (connection is not null && seen.Add(connection))
                    {
                        Enqueue(connection, ref message, methodName, args, options);
                    }
                }
            }

            return Task.CompletedTask;
        }
        catch (Exception ex)
        {
            return Task.FromException(ex);
        }
        finally
        {
            RecipientSet.Return(seen);
        }
    }

    private static void FanOut(ReadOnlySpan<HubConnectionContext?> slots, IReadOnlyList<string>? excluded, ref SerializedHubMessage? message, string methodName, object?[] args, SendOptions? options)
    {
        foreach (var connection in slots)
        {
            if (connection is not null && (excluded is null || !Contains(excluded, connection.ConnectionId)))
            {
                Enqueue(connection, ref message, methodName, args, options);
            }
        }
    }

    private static void Enqueue(HubConnectionContext connection, ref SerializedHubMessage? message, string methodName, object?[] args, SendOptions? options)
    {
        // Created on the first recipient: a send that reaches nobody costs nothing.
        message ??= new SerializedHubMessage(new InvocationMessage(methodName, args));
        connection.Outbound.TryWriteFanOut(message, options);
    }

    private static bool Contains(IReadOnlyList<string> ids, string id)
    {
        for (var i = 0; i < ids.Count; i++)
        {
            if (string.Equals(ids[i], id, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }
}
