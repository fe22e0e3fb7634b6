using HubFramework.Server.Hubs.Connection;

namespace HubFramework.Server.Hubs.Rooms;

/// <summary>
/// The room side of one connection of this node: the rooms it is in (with its state in each), the lock that keeps
/// its changes (and so its presence events) in the order it made them, and its presence rate limit.
/// </summary>
internal sealed class LocalRoomMember(string connectionId, string? user, InvocationRateLimiter limiter)
{
    public string ConnectionId { get; } = connectionId;

    public string? User { get; } = user;

    public SemaphoreSlim Lock { get; } = new(1, 1);

    /// <summary>Room name → this member's entry there. Guarded by <see cref="Lock"/>.</summary>
    public Dictionary<string, RoomMember> Rooms { get; } = new(StringComparer.Ordinal);

    /// <summary>Guarded by <see cref="Lock"/>.</summary>
    public InvocationRateLimiter Limiter { get; } = limiter;

    /// <summary>Set (under <see cref="Lock"/>) once the connection ended: it joins nothing more.</summary>
    public bool Closed { get; set; }

    private string[] _roomNames = [];

    /// <summary>A snapshot of the room names, safe to read without the lock (written under it).</summary>
    public string[] RoomNames
    {
        get => Volatile.Read(ref _roomNames);
        set => Volatile.Write(ref _roomNames, value);
    }
}
