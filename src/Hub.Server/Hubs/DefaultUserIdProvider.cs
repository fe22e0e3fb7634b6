using System.Security.Claims;

namespace HubFramework.Server.Hubs;

/// <summary>The default <see cref="IUserIdProvider"/>: the value of the user's <see cref="ClaimTypes.NameIdentifier"/> claim.</summary>
public sealed class DefaultUserIdProvider : IUserIdProvider
{
    /// <inheritdoc />
    public string? GetUserId(HubConnectionContext connection)
    {
        ArgumentNullException.ThrowIfNull(connection);
        return connection.User?.FindFirst(ClaimTypes.NameIdentifier)?.Value;
    }
}
