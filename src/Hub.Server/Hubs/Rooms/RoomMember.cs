using System.Text.Json;

namespace HubFramework.Server.Hubs;

/// <summary>A member of a room.</summary>
/// <param name="ConnectionId">The member's connection id.</param>
/// <param name="User">The member's user id, or null.</param>
/// <param name="State">The member's presence state as JSON, or null.</param>
public sealed record RoomMember(string ConnectionId, string? User, JsonElement? State);
