using HubFramework.Server.Hubs;
using Microsoft.AspNetCore.Authorization;

namespace HubFramework.Server.Tests.Hubs;

/// <summary>A hub that requires an authenticated user for every request of the connection (hub-level [Authorize]).</summary>
[Authorize]
public sealed class SecureTestHub : Hub
{
    public string? WhoAmI() => Context.User?.Identity?.Name;
}
