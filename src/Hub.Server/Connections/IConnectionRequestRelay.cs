using Microsoft.AspNetCore.Http;

namespace HubFramework.Server.Connections;

/// <summary>
/// Serves transport requests that name a connection this node does not hold, through the node that owns it (its id
/// is the first part of the connection token). Without one registered, such requests get 404 as on a single node;
/// a backplane that lets any node receive any request of a connection (no sticky sessions) registers one.
/// </summary>
/// <remarks>
/// The owning node serves a relayed request with the same dispatcher code as a local one, so status codes and
/// transport behaviour do not depend on which node a load balancer picked.
/// </remarks>
public interface IConnectionRequestRelay
{
    /// <summary>
    /// Makes a mapped connection endpoint reachable for requests relayed from other nodes. Called once per endpoint
    /// when it is mapped.
    /// </summary>
    /// <param name="endpoint">The endpoint's route pattern (without <c>/negotiate</c>), the same on every node.</param>
    /// <param name="serve">Serves a transport request (WebSocket upgrade, GET, POST, DELETE) of that endpoint locally.</param>
    void AddEndpoint(string endpoint, RequestDelegate serve);

    /// <summary>
    /// Serves <paramref name="context"/> through the owner of <paramref name="connectionToken"/> when that is another
    /// node; false (nothing written) when the token names this node or no node at all, so the caller answers 404.
    /// </summary>
    /// <param name="context">The transport request, already authorized by this node's endpoint.</param>
    /// <param name="endpoint">The endpoint it arrived at, as passed to <see cref="AddEndpoint"/>.</param>
    /// <param name="connectionToken">The request's <c>id</c>.</param>
    Task<bool> TryRelayAsync(HttpContext context, string endpoint, string connectionToken);
}
