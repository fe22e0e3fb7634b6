using HubFramework.Protocol;
using HubFramework.Server.Connections;
using HubFramework.Server.Hubs;
using HubFramework.Server.Hubs.Outbound;
using Microsoft.Extensions.Logging;
using NATS.Client.Core;

namespace HubFramework.Server.Backplane.Nats;

/// <summary>
/// A hub lifetime manager that makes every node on one NATS server (and subject prefix) act as one: sends, groups,
/// users, single connections and client results reach connections on any node.
/// </summary>
/// <remarks>
/// <para>Local connections are served by a wrapped <see cref="DefaultHubLifetimeManager{THub}"/>, directly: local
/// delivery never travels through NATS and carries on while NATS is unreachable. A send is serialized once per
/// protocol; those bytes go to local recipients and, in one message per subject, to the other nodes, which hand them
/// to their connections without serializing again.</para>
/// <para>Every subject belongs to the manager's scope (the hub, or a namespace of it), so two scopes never see each
/// other's traffic. A node subscribes to a group's or a user's subject only while it has a member of it. A connection
/// id names its node (as connection tokens do), so sends, group changes and client results for a connection go to
/// that node's subject alone.</para>
/// </remarks>
/// <typeparam name="THub">The hub.</typeparam>
internal sealed partial class NatsHubLifetimeManager<THub> : HubLifetimeManager<THub>, IBackplaneScope, IAsyncDisposable
    where THub : Hub
{
    private readonly NatsBackplane _backplane;
    private readonly DefaultHubLifetimeManager<THub> _local;
    private readonly string _scope;
    private readonly string _allSubject;
    private readonly SubjectInterest _groups;
    private readonly SubjectInterest _users;
    private readonly Task _allSubscribed;
    private readonly CancellationTokenSource _disposing = new();
    private BackplaneSubscription? _allSubscription;

    /// <summary>Creates the manager of hub <typeparamref name="THub"/>, scoped by the hub's name.</summary>
    public NatsHubLifetimeManager(NatsBackplane backplane, ILoggerFactory loggerFactory)
        : this(backplane, typeof(THub).Name, loggerFactory)
    {
    }

    /// <summary>Creates the manager of one scope (a hub, or one namespace of a hub).</summary>
    /// <param name="backplane">The node's backplane.</param>
    /// <param name="scope">Names the scope in every subject; every node must use the same scope for the same hub.</param>
    /// <param name="loggerFactory">Logging.</param>
    public NatsHubLifetimeManager(NatsBackplane backplane, string scope, ILoggerFactory loggerFactory)
    {
        ArgumentNullException.ThrowIfNull(backplane);
        ArgumentException.ThrowIfNullOrEmpty(scope);
        ArgumentNullException.ThrowIfNull(loggerFactory);
        _backplane = backplane;
        _scope = scope;
        _local = new DefaultHubLifetimeManager<THub>(loggerFactory.CreateLogger<DefaultHubLifetimeManager<THub>>());
        var root = backplane.ScopeRoot(scope);
        _allSubject = root + "all";
        _groups = new SubjectInterest(backplane, root + "g.", _local.HasGroupMembers, OnSubjectMessage);
        _users = new SubjectInterest(backplane, root + "u.", _local.HasUserConnections, OnSubjectMessage);
        backplane.Register(scope, this);
        _allSubscribed = SubscribeAllAsync();
    }

    /// <summary>The scope named in this manager's subjects.</summary>
    public string Scope => _scope;

    /// <summary>Groups whose subject this node is subscribed to now.</summary>
    internal int SubscribedGroups => _groups.Count;

    /// <summary>Users whose subject this node is subscribed to now.</summary>
    internal int SubscribedUsers => _users.Count;

    /// <inheritdoc />
    public override async Task OnConnectedAsync(HubConnectionContext connection)
    {
        ArgumentNullException.ThrowIfNull(connection);
        await _local.OnConnectedAsync(connection).ConfigureAwait(false);

        // Before the first connection is told it is connected, this node must hear broadcasts and its own subject.
        await WaitBounded(_allSubscribed).ConfigureAwait(false);
        await WaitBounded(_backplane.WhenNodeSubscribedAsync()).ConfigureAwait(false);
        if (connection.UserIdentifier is { } user)
        {
            await WaitBounded(_users.UpdateAsync(user)).ConfigureAwait(false);
        }
    }

    /// <inheritdoc />
    public override async Task OnDisconnectedAsync(HubConnectionContext connection)
    {
        ArgumentNullException.ThrowIfNull(connection);
        var groups = _local.GroupsOf(connection.ConnectionId);
        await _local.OnDisconnectedAsync(connection).ConfigureAwait(false);

        // Unsubscribing is no hurry: a message arriving meanwhile finds no member and is ignored.
        foreach (var group in groups)
        {
            _ = _groups.UpdateAsync(group);
        }

        if (connection.UserIdentifier is { } user)
        {
            _ = _users.UpdateAsync(user);
        }
    }

    /// <inheritdoc />
    public override Task SendAllAsync(string methodName, object?[] args, SendOptions? options, CancellationToken cancellationToken = default)
        => SendAllCore(methodName, args, excluded: null, options);

    /// <inheritdoc />
    public override Task SendAllExceptAsync(string methodName, object?[] args, IReadOnlyList<string> excludedConnectionIds, SendOptions? options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(excludedConnectionIds);
        return SendAllCore(methodName, args, excludedConnectionIds, options);
    }

    /// <inheritdoc />
    public override Task SendConnectionAsync(string connectionId, string methodName, object?[] args, SendOptions? options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(connectionId);
        if (_local.HasConnection(connectionId))
        {
            return _local.SendConnectionAsync(connectionId, methodName, args, options, cancellationToken);
        }

        if (RemoteNodeOf(connectionId) is not { } node)
        {
            return Task.CompletedTask;
        }

        try
        {
            var message = new SerializedHubMessage(new InvocationMessage(methodName, args));
            Publish(_backplane.NodeSubject(node), SendTarget.Connections, 0, [connectionId], null, message, options);
            return Task.CompletedTask;
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
        try
        {
            var message = new SerializedHubMessage(new InvocationMessage(methodName, args));
            _local.DeliverConnections(connectionIds, message, options);
            Dictionary<string, List<string>>? byNode = null;
            foreach (var id in connectionIds)
            {
                if (!_local.HasConnection(id) && RemoteNodeOf(id) is { } node)
                {
                    byNode ??= new Dictionary<string, List<string>>(StringComparer.Ordinal);
                    if (!byNode.TryGetValue(node, out var ids))
                    {
                        byNode[node] = ids = [];
                    }

                    ids.Add(id);
                }
            }

            foreach (var (node, ids) in byNode ?? [])
            {
                Publish(_backplane.NodeSubject(node), SendTarget.Connections, 0, ids, null, message, options);
            }

            return Task.CompletedTask;
        }
        catch (Exception ex)
        {
            return Task.FromException(ex);
        }
    }

    /// <inheritdoc />
    public override Task SendGroupAsync(string groupName, string methodName, object?[] args, SendOptions? options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(groupName);
        return SendSets(users: false, [groupName], methodName, args, excluded: null, options);
    }

    /// <inheritdoc />
    public override Task SendGroupsAsync(IReadOnlyList<string> groupNames, string methodName, object?[] args, SendOptions? options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(groupNames);
        return SendSets(users: false, groupNames, methodName, args, excluded: null, options);
    }

    /// <inheritdoc />
    public override Task SendGroupExceptAsync(string groupName, string methodName, object?[] args, IReadOnlyList<string> excludedConnectionIds, SendOptions? options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(groupName);
        ArgumentNullException.ThrowIfNull(excludedConnectionIds);
        return SendSets(users: false, [groupName], methodName, args, excludedConnectionIds, options);
    }

    /// <inheritdoc />
    public override Task SendUserAsync(string userId, string methodName, object?[] args, SendOptions? options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(userId);
        return SendSets(users: true, [userId], methodName, args, excluded: null, options);
    }

    /// <inheritdoc />
    public override Task SendUsersAsync(IReadOnlyList<string> userIds, string methodName, object?[] args, SendOptions? options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(userIds);
        return SendSets(users: true, userIds, methodName, args, excluded: null, options);
    }

    /// <inheritdoc />
    public override async Task AddToGroupAsync(string connectionId, string groupName, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(connectionId);
        ArgumentNullException.ThrowIfNull(groupName);
        if (_local.HasConnection(connectionId))
        {
            await _local.AddToGroupAsync(connectionId, groupName, cancellationToken).ConfigureAwait(false);
            await WaitBounded(_groups.UpdateAsync(groupName)).ConfigureAwait(false);
            return;
        }

        await ChangeRemoteGroupAsync(connectionId, groupName, add: true, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public override async Task RemoveFromGroupAsync(string connectionId, string groupName, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(connectionId);
        ArgumentNullException.ThrowIfNull(groupName);
        if (_local.HasConnection(connectionId))
        {
            await _local.RemoveFromGroupAsync(connectionId, groupName, cancellationToken).ConfigureAwait(false);
            _ = _groups.UpdateAsync(groupName);
            return;
        }

        await ChangeRemoteGroupAsync(connectionId, groupName, add: false, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public override Task SetConnectionResultAsync(string connectionId, CompletionMessage result) => _local.SetConnectionResultAsync(connectionId, result);

    /// <inheritdoc />
    public override bool TryGetReturnType(string invocationId, out Type? type) => _local.TryGetReturnType(invocationId, out type);

    public async ValueTask DisposeAsync()
    {
        _backplane.Unregister(_scope, this);
        await _disposing.CancelAsync().ConfigureAwait(false);
        try
        {
            await _allSubscribed.ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
        }

        if (_allSubscription is not null)
        {
            await _allSubscription.DisposeAsync().ConfigureAwait(false);
        }

        await _groups.DisposeAsync().ConfigureAwait(false);
        await _users.DisposeAsync().ConfigureAwait(false);
        _disposing.Dispose();
    }

    /// <summary>The node owning <paramref name="connectionId"/> when it is another live-or-unknown node; null for this node or ids naming none.</summary>
    private string? RemoteNodeOf(string connectionId)
        => ConnectionToken.TryGetNodeId(connectionId, out var node) && !string.Equals(node, _backplane.NodeId, StringComparison.Ordinal) ? node : null;

    private Task SendAllCore(string methodName, object?[] args, IReadOnlyList<string>? excluded, SendOptions? options)
    {
        try
        {
            var message = new SerializedHubMessage(new InvocationMessage(methodName, args));
            _local.DeliverAll(message, excluded, options);
            Publish(_allSubject, SendTarget.All, 0, null, excluded, message, options);
            return Task.CompletedTask;
        }
        catch (Exception ex)
        {
            return Task.FromException(ex);
        }
    }

    private Task SendSets(bool users, IReadOnlyList<string> names, string methodName, object?[] args, IReadOnlyList<string>? excluded, SendOptions? options)
    {
        try
        {
            var message = new SerializedHubMessage(new InvocationMessage(methodName, args));
            var interest = users ? _users : _groups;
            for (var i = 0; i < names.Count; i++)
            {
                ArgumentNullException.ThrowIfNull(names[i]);
                _local.DeliverSet(users, names, i, excluded, message, options);
            }

            // One copy per name, each delivered only to members of no earlier name: once per connection in all.
            for (var i = 0; i < names.Count; i++)
            {
                Publish(interest.SubjectOf(names[i]), users ? SendTarget.Users : SendTarget.Groups, i, names, excluded, message, options);
            }

            return Task.CompletedTask;
        }
        catch (Exception ex)
        {
            return Task.FromException(ex);
        }
    }

    private void Publish(string subject, SendTarget target, int index, IReadOnlyList<string>? names, IReadOnlyList<string>? excluded, SerializedHubMessage message, SendOptions? options)
    {
        var writer = BackplaneMessageWriter.Rent(BackplaneMessageKind.Send, _backplane.NodeId, _scope);
        writer.WriteByte((byte)target);
        writer.WriteLength(index);
        writer.WriteStrings(names);
        writer.WriteStrings(excluded);
        writer.WriteByte(options?.Policy is { } policy ? (byte)policy : byte.MaxValue);
        writer.WriteString(options?.CoalesceKey ?? string.Empty);
        _backplane.WriteFrames(writer, message);
        _backplane.Publisher.TryEnqueue(subject, BackplaneMessageKind.Send, writer.ToArrayAndReturn());
    }

    /// <summary>A group, user or broadcast message from another node.</summary>
    private void OnSubjectMessage(NatsMsg<byte[]> message)
    {
        if (!_backplane.TryOpen(message, out var reader))
        {
            return;
        }

        if (reader.Kind != BackplaneMessageKind.Send || !string.Equals(reader.Scope, _scope, StringComparison.Ordinal))
        {
            _backplane.Malformed(message, new FormatException($"a {reader.Kind} for scope '{reader.Scope}' on a send subject of scope '{_scope}'"));
            return;
        }

        // Our own publish coming back: its local recipients were served directly.
        if (string.Equals(reader.Sender, _backplane.NodeId, StringComparison.Ordinal))
        {
            return;
        }

        _backplane.Metrics.Received(BackplaneMessageKind.Send, message.Data!.Length);
        try
        {
            Deliver(reader);
        }
        catch (FormatException ex)
        {
            _backplane.Malformed(message, ex);
        }
    }

    void IBackplaneScope.OnSend(BackplaneMessageReader reader)
    {
        if (!string.Equals(reader.Sender, _backplane.NodeId, StringComparison.Ordinal))
        {
            Deliver(reader);
        }
    }

    private void Deliver(BackplaneMessageReader reader)
    {
        var target = (SendTarget)reader.ReadByte();
        var index = reader.ReadLength();
        var names = reader.ReadStrings();
        var excluded = reader.ReadStrings();
        var policy = reader.ReadByte();
        var coalesceKey = reader.ReadString();
        var message = _backplane.ReadFrames(ref reader);
        SendOptions? options = policy == byte.MaxValue && coalesceKey.Length == 0
            ? null
            : new SendOptions
            {
                Policy = policy == byte.MaxValue || !Enum.IsDefined((SlowConsumerPolicy)policy) ? null : (SlowConsumerPolicy)policy,
                CoalesceKey = coalesceKey.Length == 0 ? null : coalesceKey,
            };
        var exclusions = excluded.Length == 0 ? null : excluded;
        switch (target)
        {
            case SendTarget.All:
                _local.DeliverAll(message, exclusions, options);
                break;
            case SendTarget.Groups or SendTarget.Users when index < names.Length:
                _local.DeliverSet(target == SendTarget.Users, names, index, exclusions, message, options);
                break;
            case SendTarget.Connections:
                _local.DeliverConnections(names, message, options);
                break;
            default:
                throw new FormatException($"invalid send target {target} (index {index} of {names.Length} names)");
        }
    }

    private async Task SubscribeAllAsync()
    {
        await Task.Yield();
        while (true)
        {
            try
            {
                _allSubscription = await _backplane.SubscribeAsync(_allSubject, OnSubjectMessage, _disposing.Token).ConfigureAwait(false);
                await _backplane.FlushAsync(_disposing.Token).ConfigureAwait(false);
                return;
            }
            catch (Exception ex) when (!_disposing.IsCancellationRequested)
            {
                NatsBackplaneLog.SubscribeFailed(_backplane.Logger, ex, _allSubject);
                await Task.Delay(_backplane.Options.HeartbeatInterval, _disposing.Token).ConfigureAwait(false);
            }
        }
    }

    /// <summary>Waits for a subscription change while NATS is reachable, at most the request timeout; never fails the caller.</summary>
    private async Task WaitBounded(Task task)
    {
        if (task.IsCompleted || !_backplane.IsConnected)
        {
            return;
        }

        try
        {
            await task.WaitAsync(_backplane.Options.RequestTimeout).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is TimeoutException or OperationCanceledException)
        {
            // NATS is slow or went away: the subscription is in place once it answers (or restored after reconnect).
        }
    }
}
