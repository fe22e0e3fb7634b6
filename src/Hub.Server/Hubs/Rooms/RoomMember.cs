using System.Runtime.Serialization;
using System.Text.Json;

namespace HubFramework.Server.Hubs;

/// <summary>A member of a room.</summary>
/// <param name="ConnectionId">The member's connection id.</param>
/// <param name="User">The member's user id, or null.</param>
/// <param name="State">The member's presence state as JSON, or null.</param>
// DataMember names: the same camelCase keys over MessagePack as over JSON, since JavaScript clients read them.
[DataContract]
public sealed record RoomMember([property: DataMember(Name = "connectionId")] string ConnectionId, [property: DataMember(Name = "user")] string? User, [property: DataMember(Name = "state")] JsonElement? State);
