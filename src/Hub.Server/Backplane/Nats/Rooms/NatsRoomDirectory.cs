using System.Collections.Concurrent;
using System.Text;
using HubFramework.Server.Hubs;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using NATS.Client.Core;
using NATS.Client.JetStream;
using NATS.Client.KeyValueStore;

namespace HubFramework.Server.Backplane.Nats.Rooms;

/// <summary>
/// The room members of every namespace of every node, on NATS Key/Value. Each member is one key (written by the node
/// that holds its connection); every node watches the bucket and keeps a replica, so listing and counting are local
/// reads that are current within the watch's delay. Nodes put a heartbeat key every
/// <see cref="NatsRoomStoreOptions.HeartbeatInterval"/>; the members of a node silent for
/// <see cref="NatsRoomStoreOptions.NodeTimeout"/> are deleted by whichever node wins the compare-and-delete, and that
/// node tells the room (one leave event per member, as for a disconnect).
/// </summary>
internal sealed partial class NatsRoomDirectory : IHostedService, IAsyncDisposable
{
    private readonly NatsBackplaneConnection _backplane;
    private readonly NatsRoomStoreOptions _options;
    private readonly ILogger _logger;
    private readonly NatsRoomReplica _replica = new();
    private readonly ConcurrentDictionary<string, long> _nodesSeen = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, Func<string, RoomMember, Task>> _lostHandlers = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, byte> _pendingDeletes = new(StringComparer.Ordinal);
    private readonly CancellationTokenSource _stopping = new();
    private readonly TaskCompletionSource<INatsKVStore> _members = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly string _membersBucket;
    private readonly string _nodesBucket;
    private static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(5);

    private long _healthySince = long.MaxValue;
    private int _stopped;
    private Task? _running;

    public NatsRoomDirectory(NatsBackplaneConnection backplane, IOptions<NatsRoomStoreOptions> options, ILoggerFactory loggerFactory)
    {
        _backplane = backplane;
        _options = options.Value;
        _options.Validate();
        _logger = loggerFactory.CreateLogger("HubFramework.Server.Backplane.Nats.Rooms");
        _membersBucket = backplane.Options.SubjectPrefix + "_rooms";
        _nodesBucket = backplane.Options.SubjectPrefix + "_room_nodes";
    }

    public string NodeId => _backplane.NodeId;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        _running = Task.Run(() => RunAsync(_stopping.Token), CancellationToken.None);
        return Task.CompletedTask;
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (Interlocked.Exchange(ref _stopped, 1) != 0)
        {
            return;
        }

        await _stopping.CancelAsync().ConfigureAwait(false);
        if (_running is { } running)
        {
            // Every wait inside observes the stopping token; the bound only guards against a NATS call that does not.
            await running.WaitAsync(StopTimeout, cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync(CancellationToken.None).ConfigureAwait(false);
    }

    /// <summary>Registers the namespace whose members the sweep reports as lost.</summary>
    public void Register(string scope, Func<string, RoomMember, Task> memberLost) => _lostHandlers[scope] = memberLost;

    public async ValueTask<int> PutAsync(string scope, string room, RoomMember member, CancellationToken cancellationToken)
    {
        var store = await StoreAsync(cancellationToken).ConfigureAwait(false);
        var key = NatsRoomKey.Member(scope, room, member.ConnectionId);
        var entry = new NatsRoomEntry { ConnectionId = member.ConnectionId, User = member.User, State = member.State, Node = NodeId };

        // A rejoin supersedes a leave that is still waiting for NATS.
        _pendingDeletes.TryRemove(key, out _);
        var revision = await WithTimeoutAsync(token => store.PutAsync(key, entry.Serialize(), cancellationToken: token), cancellationToken).ConfigureAwait(false);
        _replica.Put(key, scope, room, entry, revision, Environment.TickCount64);
        return _replica.Count(scope, room);
    }

    /// <summary>
    /// Removes a member. A leave always takes effect here at once; when NATS cannot be reached the key is deleted by
    /// the sweep once it can (this node is alive, so nobody else would remove it).
    /// </summary>
    public async ValueTask<bool> DeleteAsync(string scope, string room, string connectionId, CancellationToken cancellationToken)
    {
        var key = NatsRoomKey.Member(scope, room, connectionId);
        var existed = _replica.Members(scope, room).Any(m => m.ConnectionId == connectionId);
        _replica.DeleteLocally(key);
        try
        {
            var store = await StoreAsync(cancellationToken).ConfigureAwait(false);
            await WithTimeoutAsync(async token => { await store.DeleteAsync(key, cancellationToken: token).ConfigureAwait(false); return 0UL; }, cancellationToken).ConfigureAwait(false);
        }
        catch (HubException ex)
        {
            Log.DeleteDeferred(_logger, connectionId, ex);
            _pendingDeletes[key] = 0;
        }

        return existed;
    }

    public int Count(string scope, string room) => _replica.Count(scope, room);

    public IReadOnlyList<RoomMember> Members(string scope, string room) => _replica.Members(scope, room);

    private async ValueTask<INatsKVStore> StoreAsync(CancellationToken cancellationToken)
    {
        try
        {
            return await _members.Task.WaitAsync(_options.OperationTimeout, cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            throw new HubException("Room state is unavailable: the NATS Key/Value store cannot be reached.");
        }
    }

    private async ValueTask<T> WithTimeoutAsync<T>(Func<CancellationToken, ValueTask<T>> operation, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_options.OperationTimeout);
        try
        {
            return await operation(timeout.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new HubException("Room state is unavailable: the NATS Key/Value store did not answer in time.");
        }
        catch (Exception ex) when (ex is NatsException or NatsJSException)
        {
            throw new HubException($"Room state is unavailable: {ex.Message}");
        }
    }

    /// <summary>Creates the buckets once NATS is there, then keeps the watches, heartbeat and sweep going until stopped.</summary>
    private async Task RunAsync(CancellationToken stopping)
    {
        _backplane.Connection.ConnectionOpened += OnConnectionOpenedAsync;
        try
        {
            while (!stopping.IsCancellationRequested)
            {
                try
                {
                    // ConnectAsync itself retries until NATS is there and takes no token: stopping must not wait for it.
                    await _backplane.Connection.ConnectAsync().AsTask().WaitAsync(stopping).ConfigureAwait(false);
                    var kv = new NatsKVContext(new NatsJSContext(_backplane.Connection));
                    var members = await kv.CreateOrUpdateStoreAsync(new NatsKVConfig(_membersBucket) { History = 1, Description = "HubFramework room members" }, stopping).ConfigureAwait(false);
                    var nodes = await kv.CreateOrUpdateStoreAsync(new NatsKVConfig(_nodesBucket) { History = 1, MaxAge = _options.NodeTimeout * 3, Description = "HubFramework room heartbeats" }, stopping).ConfigureAwait(false);
                    _members.TrySetResult(members);
                    MarkHealthy();

                    using var cycle = CancellationTokenSource.CreateLinkedTokenSource(stopping);
                    var tasks = new[]
                    {
                        WatchMembersAsync(members, cycle.Token),
                        WatchNodesAsync(nodes, cycle.Token),
                        HeartbeatAsync(nodes, cycle.Token),
                        SweepAsync(members, cycle.Token),
                    };
                    var ended = await Task.WhenAny(tasks).ConfigureAwait(false);
                    await cycle.CancelAsync().ConfigureAwait(false);
                    await Task.WhenAll(tasks).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
                    await ended.ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (stopping.IsCancellationRequested)
                {
                    return;
                }
                catch (Exception ex)
                {
                    Log.Restarting(_logger, ex);
                    await Task.Delay(TimeSpan.FromSeconds(1), stopping).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
                }
            }
        }
        finally
        {
            _backplane.Connection.ConnectionOpened -= OnConnectionOpenedAsync;
        }
    }

    private ValueTask OnConnectionOpenedAsync(object? sender, NatsEventArgs args)
    {
        // Heartbeats could not arrive while NATS was away: nobody may be judged on that silence.
        MarkHealthy();
        return ValueTask.CompletedTask;
    }

    private void MarkHealthy()
    {
        var now = Environment.TickCount64;
        foreach (var node in _nodesSeen.Keys)
        {
            _nodesSeen[node] = now;
        }

        Volatile.Write(ref _healthySince, now);
    }

    private async Task WatchMembersAsync(INatsKVStore store, CancellationToken cancellationToken)
    {
        await foreach (var entry in store.WatchAsync<byte[]>(NatsRoomKey.MembersFilter, cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            if (!NatsRoomKey.TryParse(entry.Key, out var scope, out var room, out _))
            {
                continue;
            }

            if (entry.Operation == NatsKVOperation.Put && NatsRoomEntry.Deserialize(entry.Value) is { } value)
            {
                _replica.Put(entry.Key, scope, room, value, entry.Revision, Environment.TickCount64);
            }
            else if (entry.Operation != NatsKVOperation.Put)
            {
                _replica.Delete(entry.Key, entry.Revision);
            }
        }
    }

    private async Task WatchNodesAsync(INatsKVStore store, CancellationToken cancellationToken)
    {
        await foreach (var entry in store.WatchAsync<byte[]>(">", cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            if (entry.Operation == NatsKVOperation.Put)
            {
                _nodesSeen[entry.Key] = Environment.TickCount64;
            }
        }
    }

    private async Task HeartbeatAsync(INatsKVStore store, CancellationToken cancellationToken)
    {
        var value = Encoding.UTF8.GetBytes(NodeId);
        using var timer = new PeriodicTimer(_options.HeartbeatInterval);
        do
        {
            try
            {
                await store.PutAsync(NodeId, value, cancellationToken: cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is NatsException or NatsJSException)
            {
                Log.HeartbeatFailed(_logger, ex);
            }
        }
        while (await timer.WaitForNextTickAsync(cancellationToken).ConfigureAwait(false));
    }

    private async Task SweepAsync(INatsKVStore store, CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(_options.SweepInterval);
        var timeout = (long)_options.NodeTimeout.TotalMilliseconds;
        while (await timer.WaitForNextTickAsync(cancellationToken).ConfigureAwait(false))
        {
            if (_backplane.Connection.ConnectionState != NatsConnectionState.Open)
            {
                continue;
            }

            // This node's own leaves that NATS missed: as soon as it is back.
            foreach (var key in _pendingDeletes.Keys)
            {
                try
                {
                    await store.DeleteAsync(key, cancellationToken: cancellationToken).ConfigureAwait(false);
                    _pendingDeletes.TryRemove(key, out _);
                }
                catch (Exception ex) when (ex is NatsException or NatsJSException)
                {
                    Log.SweepFailed(_logger, key, ex);
                }
            }

            // Others' members only once heartbeats had a full timeout to arrive since NATS was last (re)opened.
            var now = Environment.TickCount64;
            if (now - Volatile.Read(ref _healthySince) < timeout)
            {
                continue;
            }

            foreach (var item in _replica.Remote(NodeId))
            {
                var seen = _nodesSeen.TryGetValue(item.Entry.Node, out var at) ? at : item.FirstSeen;
                if (now - seen > timeout)
                {
                    await RemoveLostAsync(store, item, cancellationToken).ConfigureAwait(false);
                }
            }
        }
    }

    private async Task RemoveLostAsync(INatsKVStore store, NatsRoomReplica.Item item, CancellationToken cancellationToken)
    {
        try
        {
            // Compare-and-delete: of all surviving nodes exactly one succeeds, and only it tells the room.
            var deleted = await store.TryDeleteAsync(item.Key, new NatsKVDeleteOpts { Revision = item.Revision }, cancellationToken).ConfigureAwait(false);
            if (!deleted.Success)
            {
                return;
            }

            _replica.DeleteLocally(item.Key);
            if (_lostHandlers.TryGetValue(item.Scope, out var lost))
            {
                await lost(item.Room, item.Entry.ToMember()).ConfigureAwait(false);
            }
        }
        catch (Exception ex) when (ex is NatsException or NatsJSException)
        {
            Log.SweepFailed(_logger, item.Entry.ConnectionId, ex);
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 3250, EventName = "RoomDirectoryRestarting", Level = LogLevel.Warning, Message = "The room directory lost its NATS Key/Value watch; restarting it.")]
        public static partial void Restarting(ILogger logger, Exception exception);

        [LoggerMessage(EventId = 3251, EventName = "RoomHeartbeatFailed", Level = LogLevel.Debug, Message = "The room heartbeat could not be written.")]
        public static partial void HeartbeatFailed(ILogger logger, Exception exception);

        [LoggerMessage(EventId = 3252, EventName = "RoomSweepFailed", Level = LogLevel.Warning, Message = "The room member {Member} could not be removed; the next sweep retries.")]
        public static partial void SweepFailed(ILogger logger, string member, Exception exception);

        [LoggerMessage(EventId = 3253, EventName = "RoomDeleteDeferred", Level = LogLevel.Warning, Message = "Connection {ConnectionId} left a room while NATS was unreachable; its key is removed once NATS is back.")]
        public static partial void DeleteDeferred(ILogger logger, string connectionId, Exception exception);
    }
}
