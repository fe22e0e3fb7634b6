using System.Security.Claims;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

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

    /// <summary>
    /// The namespace the connection is in: the canonical path of the hub endpoint it connected to, route values filled
    /// in (e.g. <c>/tenants/acme/hubs/chat</c>).
    /// </summary>
    public virtual string Namespace => string.Empty;

    /// <summary>The route values of the endpoint the connection connected to (e.g. <c>tenant</c> of <c>/tenants/{tenant}/hubs/chat</c>).</summary>
    public virtual RouteValueDictionary RouteValues { get; } = new();

    /// <summary>Closes the connection (a Close message without error, then the transport closes).</summary>
    public abstract void Abort();
}
