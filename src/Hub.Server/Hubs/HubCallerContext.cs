using System.Security.Claims;
using Microsoft.AspNetCore.Http;

namespace HubFramework.Server.Hubs;

/// <summary>The connection a hub method or lifetime event runs for.</summary>
public abstract class HubCallerContext
{
    /// <summary>The connection id.</summary>
    public abstract string ConnectionId { get; }

    /// <summary>The user id (from <c>IUserIdProvider</c>; by default the NameIdentifier claim), or null.</summary>
    public abstract string? UserIdentifier { get; }

    /// <summary>The authenticated user.</summary>
    public abstract ClaimsPrincipal? User { get; }

    /// <summary>State kept for the connection's lifetime.</summary>
    public abstract IDictionary<object, object?> Items { get; }

    /// <summary>The HTTP context of the request carrying the connection.</summary>
    public abstract HttpContext? HttpContext { get; }

    /// <summary>Signalled when the connection ends.</summary>
    public abstract CancellationToken ConnectionAborted { get; }

    /// <summary>Closes the connection (a Close message without error, then the transport closes).</summary>
    public abstract void Abort();
}
