namespace HubFramework.Server.Hubs;

/// <summary>Decides the user id of a connection (used by <c>Clients.User</c>); register your own to replace the default.</summary>
public interface IUserIdProvider
{
    /// <summary>The user id of <paramref name="connection"/>, or null for none.</summary>
    string? GetUserId(HubConnectionContext connection);
}
