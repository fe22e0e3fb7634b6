using HubFramework.Server.Hubs;

namespace HubFramework.InteropServer;

/// <summary>Uses the identity's name as the user id, so <c>SendToUser("interop-user")</c> reaches the token holder.</summary>
public sealed class NameUserIdProvider : IUserIdProvider
{
    public string? GetUserId(HubConnectionContext connection) => connection.User.Identity?.Name;
}
