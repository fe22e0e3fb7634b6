using System.Collections.Concurrent;
using System.Text.Json;
using HubFramework.Server.Hubs.Connection;
using Microsoft.Extensions.Logging;

namespace HubFramework.Server.Hubs.Rooms;

/// <summary>
/// The rooms of one namespace. Membership lives in a <see cref="RoomStore"/> (listable, cluster-wide with a
/// cluster store); messages to a room and presence events go through the namespace's lifetime manager as sends to a
/// reserved group per room, so they reach every node exactly as group sends do. One event per member per change:
/// nothing is pushed that grows with the room.
/// </summary>
/// <typeparam name="THub">The hub.</typeparam>
internal sealed class RoomManager<THub> : IRoomManager
    where THub : Hub
{
    /// <summary>Rooms map to groups under this prefix, which application groups may not use.</summary>
    public const string GroupPrefix = "$room/";

    private static readonly JsonSerializerOptions StateSerializerOptions = new(JsonSerializerDefaults.Web);

    private readonly ConcurrentDictionary<string, LocalRoomMember> _members = new(StringComparer.Ordinal);
    private readonly HubLifetimeManager<THub> _lifetimeManager;
    private readonly RoomOptions _options;
    private readonly InvocationRateLimitOptions _presenceRate;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly RoomsMetrics _metrics;

    public RoomManager(
        HubLifetimeManager<THub> lifetimeManager,
        Func<Func<string, RoomMember, Task>, RoomStore> createStore,
        RoomOptions options,
        TimeProvider time,
        ILogger logger,
        RoomsMetrics? metrics = null)
    {
        _metrics = metrics ?? new RoomsMetrics(null);
        _lifetimeManager = lifetimeManager;
        _options = options;
        _time = time;
        _logger = logger;
        _presenceRate = new InvocationRateLimitOptions
        {
            TokenLimit = options.PresenceUpdateBurst,
            TokensPerPeriod = 1,
            ReplenishmentPeriod = TimeSpan.FromSeconds(1 / options.PresenceUpdatesPerSecond),
        };
        Store = createStore(OnMemberLostAsync);
    }

    public RoomStore Store { get; }

    /// <summary>The reserved group of <paramref name="room"/>.</summary>
    public static string GroupName(string room) => GroupPrefix + room;

    /// <summary>A connection of this node finished its handshake (and may now join rooms).</summary>
    public void OnConnected(HubConnectionContext connection)
        => _members[connection.ConnectionId] = new LocalRoomMember(connection.ConnectionId, connection.UserIdentifier, new InvocationRateLimiter(_presenceRate, _time));

    /// <summary>A connection ended: it leaves every room (the others get a leave event each). Never throws.</summary>
    public async Task OnDisconnectedAsync(HubConnectionContext connection)
    {
        if (!_members.TryRemove(connection.ConnectionId, out var member))
        {
            return;
        }

        await member.Lock.WaitAsync().ConfigureAwait(false);
        try
        {
            member.Closed = true;
            foreach (var (room, entry) in member.Rooms.ToArray())
            {
                try
                {
                    await RemoveAsync(member, room, entry, "disconnected", CancellationToken.None).ConfigureAwait(false);
                }
                catch (Exception ex)
                {
                    RoomsLog.LeaveFailed(_logger, member.ConnectionId, room, ex);
                }
            }
        }
        finally
        {
            member.Lock.Release();
        }
    }

    public async Task<int> JoinAsync(string connectionId, string room, object? state = null, CancellationToken cancellationToken = default)
    {
        ValidateRoom(room);
        var member = Find(connectionId);
        var element = ToState(connectionId, room, state);
        await member.Lock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            EnsureOpen(member);
            var rejoin = member.Rooms.ContainsKey(room);
            if (!rejoin && member.Rooms.Count >= _options.MaximumRoomsPerConnection)
            {
                throw Refuse(connectionId, room, $"A connection may be in at most {_options.MaximumRoomsPerConnection} rooms.");
            }

            TakePresenceToken(member, room);
            var entry = new RoomMember(connectionId, member.User, element);
            var count = await Store.AddAsync(room, entry, cancellationToken).ConfigureAwait(false);
            member.Rooms[room] = entry;
            member.RoomNames = [.. member.Rooms.Keys];
            if (!rejoin)
            {
                await _lifetimeManager.AddToGroupAsync(connectionId, GroupName(room), cancellationToken).ConfigureAwait(false);
                _metrics.Joined();
            }

            await SendPresenceAsync(room, rejoin ? RoomPresenceEvent.Update : RoomPresenceEvent.Join, entry).ConfigureAwait(false);
            return count;
        }
        finally
        {
            member.Lock.Release();
        }
    }

    public async Task UpdateAsync(string connectionId, string room, object? state, CancellationToken cancellationToken = default)
    {
        ValidateRoom(room);
        var member = Find(connectionId);
        var element = ToState(connectionId, room, state);
        await member.Lock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            EnsureOpen(member);
            if (!member.Rooms.ContainsKey(room))
            {
                throw Refuse(connectionId, room, $"The connection is not in room '{room}'.");
            }

            TakePresenceToken(member, room);
            var entry = new RoomMember(connectionId, member.User, element);
            await Store.AddAsync(room, entry, cancellationToken).ConfigureAwait(false);
            member.Rooms[room] = entry;
            await SendPresenceAsync(room, RoomPresenceEvent.Update, entry).ConfigureAwait(false);
        }
        finally
        {
            member.Lock.Release();
        }
    }

    public async Task LeaveAsync(string connectionId, string room, CancellationToken cancellationToken = default)
    {
        ValidateRoom(room);
        if (!_members.TryGetValue(connectionId, out var member))
        {
            return;
        }

        await member.Lock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (member.Rooms.TryGetValue(room, out var entry))
            {
                await RemoveAsync(member, room, entry, "left", cancellationToken).ConfigureAwait(false);
            }
        }
        finally
        {
            member.Lock.Release();
        }
    }

    public async Task<IReadOnlyList<RoomMember>> GetMembersAsync(string room, CancellationToken cancellationToken = default)
    {
        ValidateRoom(room);
        return await Store.GetMembersAsync(room, cancellationToken).ConfigureAwait(false);
    }

    public async Task<int> CountAsync(string room, CancellationToken cancellationToken = default)
    {
        ValidateRoom(room);
        return await Store.CountAsync(room, cancellationToken).ConfigureAwait(false);
    }

    public Task<IReadOnlyList<string>> GetRoomsAsync(string connectionId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(connectionId);
        IReadOnlyList<string> rooms = _members.TryGetValue(connectionId, out var member) ? member.RoomNames : [];
        return Task.FromResult(rooms);
    }

    private async Task RemoveAsync(LocalRoomMember member, string room, RoomMember entry, string reason, CancellationToken cancellationToken)
    {
        _metrics.Left(reason);
        member.Rooms.Remove(room);
        member.RoomNames = [.. member.Rooms.Keys];
        await Store.RemoveAsync(room, member.ConnectionId, cancellationToken).ConfigureAwait(false);
        if (!member.Closed)
        {
            // A closed connection leaves its groups with the lifetime manager's own disconnect.
            await _lifetimeManager.RemoveFromGroupAsync(member.ConnectionId, GroupName(room), cancellationToken).ConfigureAwait(false);
        }

        await SendPresenceAsync(room, RoomPresenceEvent.Leave, entry).ConfigureAwait(false);
    }

    /// <summary>The store dropped a member by itself (its node died): the others are told it left.</summary>
    private async Task OnMemberLostAsync(string room, RoomMember member)
    {
        RoomsLog.MemberLost(_logger, member.ConnectionId, room);
        _metrics.Left("node_lost");
        await SendPresenceAsync(room, RoomPresenceEvent.Leave, member).ConfigureAwait(false);
    }

    private async Task SendPresenceAsync(string room, string kind, RoomMember member)
    {
        if (_options.PresenceMethod is not { } method || (_options.PresenceFilter is { } filter && !filter(room)))
        {
            return;
        }

        try
        {
            // One event, serialized once per protocol, queued on each member but the one it is about.
            await _lifetimeManager.SendGroupExceptAsync(
                GroupName(room),
                method,
                [room, new RoomPresenceEvent(kind, member.ConnectionId, member.User, member.State)],
                [member.ConnectionId],
                options: null).ConfigureAwait(false);
            _metrics.PresenceSent(kind);
        }
        catch (Exception ex)
        {
            // The change itself stands; a failed fan-out must not undo it or fail the member's call.
            RoomsLog.PresenceSendFailed(_logger, member.ConnectionId, room, ex);
        }
    }

    private LocalRoomMember Find(string connectionId)
    {
        ArgumentNullException.ThrowIfNull(connectionId);
        return _members.TryGetValue(connectionId, out var member)
            ? member
            : throw new HubException($"Connection '{connectionId}' is not connected to this namespace on this node.");
    }

    private static void EnsureOpen(LocalRoomMember member)
    {
        if (member.Closed)
        {
            throw new HubException($"Connection '{member.ConnectionId}' is not connected.");
        }
    }

    private void ValidateRoom(string room)
    {
        ArgumentNullException.ThrowIfNull(room);
        if (room.Length == 0 || room.Length > _options.MaximumRoomNameLength)
        {
            throw new HubException($"A room name must have 1 to {_options.MaximumRoomNameLength} characters (was {room.Length}).");
        }
    }

    private void TakePresenceToken(LocalRoomMember member, string room)
    {
        if (!member.Limiter.TryAcquire())
        {
            throw Refuse(member.ConnectionId, room, $"Too many presence changes: at most {_options.PresenceUpdateBurst} at once and {_options.PresenceUpdatesPerSecond} per second.");
        }
    }

    private JsonElement? ToState(string connectionId, string room, object? state)
    {
        if (state is null || state is JsonElement { ValueKind: JsonValueKind.Null or JsonValueKind.Undefined })
        {
            return null;
        }

        byte[] utf8;
        try
        {
            utf8 = state is JsonElement element ? JsonSerializer.SerializeToUtf8Bytes(element) : JsonSerializer.SerializeToUtf8Bytes(state, state.GetType(), StateSerializerOptions);
        }
        catch (Exception ex) when (ex is NotSupportedException or JsonException or InvalidOperationException)
        {
            throw Refuse(connectionId, room, $"The room state cannot be represented as JSON: {ex.Message}");
        }

        if (utf8.Length > _options.MaximumStateSize)
        {
            throw Refuse(connectionId, room, $"The room state is {utf8.Length} bytes; at most {_options.MaximumStateSize} are allowed.");
        }

        using var document = JsonDocument.Parse(utf8);
        return document.RootElement.Clone();
    }

    private HubException Refuse(string connectionId, string room, string reason)
    {
        RoomsLog.Refused(_logger, connectionId, room, reason);
        _metrics.Refused();
        return new HubException(reason);
    }
}
