namespace HubFramework.Server.Hubs;

/// <summary>Rooms and presence of a hub (<see cref="HubOptions.Rooms"/>).</summary>
public sealed class RoomOptions
{
    /// <summary>
    /// The client method presence events are sent with, as <c>method(room, event)</c>. Null (the default): no presence
    /// events (members are still listable).
    /// </summary>
    public string? PresenceMethod { get; set; }

    /// <summary>Which rooms send presence events (when <see cref="PresenceMethod"/> is set). Null: every room.</summary>
    public Func<string, bool>? PresenceFilter { get; set; }

    /// <summary>Largest member state in bytes (as UTF-8 JSON). Default 1,024.</summary>
    public int MaximumStateSize { get; set; } = 1024;

    /// <summary>Rooms one connection may be in at once. Default 100.</summary>
    public int MaximumRoomsPerConnection { get; set; } = 100;

    /// <summary>Longest room name in characters. Default 256.</summary>
    public int MaximumRoomNameLength { get; set; } = 256;

    /// <summary>Joins and state updates one connection may make in a burst (token bucket capacity). Default 20.</summary>
    public int PresenceUpdateBurst { get; set; } = 20;

    /// <summary>Joins and state updates one connection may make per second once its burst is spent. Default 5.</summary>
    public double PresenceUpdatesPerSecond { get; set; } = 5;
}
