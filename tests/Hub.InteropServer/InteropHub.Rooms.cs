using System.Text.Json;
using HubFramework.Server.Hubs;

namespace HubFramework.InteropServer;

/// <summary>The contract's namespaces and rooms sections (presence events go out as <c>presence(room, event)</c>, set in Program.cs).</summary>
public sealed partial class InteropHub
{
    // The tenant of /tenants/{tenant}/hubs/interop, null elsewhere.
    public string? GetTenant() => Context.RouteValues.TryGetValue("tenant", out var tenant) ? tenant?.ToString() : null;

    public Task<int> JoinRoom(string room, JsonElement state) => Rooms.JoinAsync(Context.ConnectionId, room, state);

    public Task UpdatePresence(string room, JsonElement state) => Rooms.UpdateAsync(Context.ConnectionId, room, state);

    public Task LeaveRoom(string room) => Rooms.LeaveAsync(Context.ConnectionId, room);

    public Task<IReadOnlyList<RoomMember>> RoomMembers(string room) => Rooms.GetMembersAsync(room);

    public Task<int> RoomCount(string room) => Rooms.CountAsync(room);

    public Task SendToRoom(string room, string message) => Clients.Room(room).SendAsync("roomMessage", room, message);

    public Task<IReadOnlyList<string>> MyRooms() => Rooms.GetRoomsAsync(Context.ConnectionId);
}
