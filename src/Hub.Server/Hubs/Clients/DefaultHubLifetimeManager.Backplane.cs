using HubFramework.Protocol;
using HubFramework.Server.Hubs.Outbound;

namespace HubFramework.Server.Hubs;

/// <summary>
/// Local delivery of an already serialized message, for a backplane that wraps this manager: the sending node reuses
/// the bytes it also publishes, a receiving node the bytes it received, so nobody serializes twice.
/// </summary>
public partial class DefaultHubLifetimeManager<THub>
{
    /// <summary>Whether a connection with that id is registered here.</summary>
    internal bool HasConnection(string connectionId) => _connections.ContainsKey(connectionId);

    /// <summary>Whether the group has a member on this node.</summary>
    internal bool HasGroupMembers(string groupName) => _groups.Find(groupName) is not null;

    /// <summary>Whether the user has a connection on this node.</summary>
    internal bool HasUserConnections(string userId) => _users.Find(userId) is not null;

    /// <summary>The groups of a registered connection (empty when unknown), read before it is dropped.</summary>
    internal string[] GroupsOf(string connectionId)
        => _connections.TryGetValue(connectionId, out var membership) ? membership.SnapshotGroups() : [];

    /// <summary>Delivers to every connection but the excluded ones.</summary>
    internal void DeliverAll(SerializedHubMessage message, IReadOnlyList<string>? excluded, SendOptions? options)
    {
        foreach (var connection in _all.Slots)
        {
            if (connection is not null && (excluded is null || !Contains(excluded, connection.ConnectionId)))
            {
                connection.Outbound.TryWriteFanOut(message, options);
            }
        }
    }

    /// <summary>
    /// Delivers to the members of <c>names[index]</c> (groups, or users when <paramref name="users"/>) that are not
    /// members of an earlier name in the list nor excluded. A send to several groups travels as one copy per group;
    /// this rule makes each connection receive exactly one of them.
    /// </summary>
    internal void DeliverSet(bool users, IReadOnlyList<string> names, int index, IReadOnlyList<string>? excluded, SerializedHubMessage message, SendOptions? options)
    {
        var registry = users ? _users : _groups;
        if (registry.Find(names[index]) is not { } store)
        {
            return;
        }

        foreach (var connection in store.Slots)
        {
            if (connection is null || (excluded is not null && Contains(excluded, connection.ConnectionId)) || InEarlierSet(registry, names, index, connection))
            {
                continue;
            }

            connection.Outbound.TryWriteFanOut(message, options);
        }
    }

    /// <summary>Delivers to the listed connections that are registered here (each once).</summary>
    internal void DeliverConnections(IReadOnlyList<string> connectionIds, SerializedHubMessage message, SendOptions? options)
    {
        var seen = RecipientSet.Rent();
        try
        {
            for (var i = 0; i < connectionIds.Count; i++)
            {
                if (_connections.TryGetValue(connectionIds[i], out var membership) && seen.Add(membership.Connection))
                {
                    membership.Connection.Outbound.TryWriteFanOut(message, options);
                }
            }
        }
        finally
        {
            RecipientSet.Return(seen);
        }
    }

    /// <summary>
    /// Invokes a method on a local connection for another node: <paramref name="message"/> is the invocation with the
    /// other node's invocation id already framed, and the client's Completion comes back unbound (result as
    /// <see cref="object"/>) for that node to bind to its own result type.
    /// </summary>
    /// <exception cref="IOException">The connection does not exist here, or it ended before answering.</exception>
    internal async Task<CompletionMessage> InvokeForwardedAsync(string connectionId, string invocationId, SerializedHubMessage message, CancellationToken cancellationToken)
    {
        if (!_connections.TryGetValue(connectionId, out var membership))
        {
            throw new IOException($"Connection '{connectionId}' does not exist.");
        }

        var pending = new ForwardedClientResult(connectionId, invocationId);
        _results.Add(pending);
        if (membership.IsClosed)
        {
            _results.TryRemove(invocationId, out _);
            throw new IOException($"Connection '{connectionId}' disconnected.");
        }

        try
        {
            if (!membership.Connection.Outbound.TryWriteFanOut(message, options: null))
            {
                throw new IOException($"Connection '{connectionId}' could not take the invocation (its outbound queue is closed or full).");
            }
        }
        catch
        {
            _results.TryRemove(invocationId, out _);
            throw;
        }

        using var registration = cancellationToken.UnsafeRegister(
            static state =>
            {
                var (manager, pending) = ((DefaultHubLifetimeManager<THub>, ForwardedClientResult))state!;
                manager.CancelClientResult(pending);
            },
            (this, pending));
        return await pending.Task.ConfigureAwait(false);
    }

    private static bool InEarlierSet(ConnectionGroupRegistry registry, IReadOnlyList<string> names, int index, HubConnectionContext connection)
    {
        for (var i = 0; i < index; i++)
        {
            if (registry.Find(names[i]) is { } earlier && earlier.Find(connection.ConnectionId) is not null)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>A client result another node waits for: the Completion itself is the answer.</summary>
    private sealed class ForwardedClientResult(string connectionId, string invocationId) : PendingClientResult(connectionId, invocationId)
    {
        private readonly TaskCompletionSource<CompletionMessage> _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public Task<CompletionMessage> Task => _completion.Task;

        public override Type ResultType => typeof(object);

        public override void Complete(CompletionMessage completion) => _completion.TrySetResult(completion);

        public override void Fail(Exception exception) => _completion.TrySetException(exception);
    }
}
