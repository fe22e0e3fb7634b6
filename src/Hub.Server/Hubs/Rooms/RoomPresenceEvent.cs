using System.Runtime.Serialization;
using System.Text.Json;

namespace HubFramework.Server.Hubs;

/// <summary>
/// What the other members of a room receive when a member joins, updates its state or leaves: the second argument of
/// the presence method (<c>presence(room, event)</c>).
/// </summary>
/// <param name="Kind"><c>join</c>, <c>update</c> or <c>leave</c>.</param>
/// <param name="ConnectionId">The member's connection id.</param>
/// <param name="User">The member's user id, or null.</param>
/// <param name="State">The member's state (for a leave, the last known one), or null.</param>
// DataMember names: the same camelCase keys over MessagePack as over JSON, since JavaScript clients read them.
[DataContract]
public sealed record RoomPresenceEvent([property: DataMember(Name = "kind")] string Kind, [property: DataMember(Name = "connectionId")] string ConnectionId, [property: DataMember(Name = "user")] string? User, [property: DataMember(Name = "state")] JsonElement? State)
{
    /// <summary>The kind of a join.</summary>
    public const string Join = "join";

    /// <summary>The kind of a state update.</summary>
    public const string Update = "update";

    /// <summary>The kind of a leave (including a disconnect, and a member of a node that died).</summary>
    public const string Leave = "leave";
}
