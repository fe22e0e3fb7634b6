using System.IO.Pipelines;
using System.Security.Claims;
using HubFramework.Protocol;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace HubFramework.Server.Connections;

/// <summary>
/// One logical client connection, whatever transport carries it (and across transport reconnects when stateful
/// reconnect is on). The connection layer owns it; the layer above sees only bytes through <see cref="Transport"/>.
/// </summary>
public abstract class ClientConnection
{
    /// <summary>The public connection id (not the secret connection token).</summary>
    public abstract string ConnectionId { get; }

    /// <summary>
    /// Bytes from the client (<see cref="IDuplexPipe.Input"/>) and to the client (<see cref="IDuplexPipe.Output"/>).
    /// On a stateful reconnect the output pipe is replaced: writers are handed the new one through <see cref="OnReconnected"/>.
    /// </summary>
    public abstract IDuplexPipe Transport { get; }

    /// <summary>The authenticated user of the request that started the connection.</summary>
    public abstract ClaimsPrincipal User { get; }

    /// <summary>The HTTP context of the request that currently carries the connection (or the one that negotiated it).</summary>
    public abstract HttpContext? HttpContext { get; }

    /// <summary>State shared by the layers above for the connection's lifetime.</summary>
    public abstract IDictionary<object, object?> Items { get; }

    /// <summary>The transport in use.</summary>
    public abstract HttpTransportType TransportType { get; }

    /// <summary>
    /// The format of the bytes written to <see cref="Transport"/>; set by the layer above once it knows (after the hub
    /// handshake). WebSockets send text frames for <see cref="TransferFormat.Text"/>, binary frames otherwise.
    /// </summary>
    public abstract TransferFormat ActiveFormat { get; set; }

    /// <summary>Whether the transport keeps the connection alive by itself (long polling), so pings are pointless.</summary>
    public abstract bool HasInherentKeepAlive { get; }

    /// <summary>Signalled when the connection has ended (client gone, aborted, or closed).</summary>
    public abstract CancellationToken ConnectionClosed { get; }

    /// <summary>Ends the connection at once; <paramref name="reason"/> is logged.</summary>
    public abstract void Abort(Exception? reason = null);

    /// <summary>Whether the client negotiated stateful reconnect and the endpoint allows it.</summary>
    public abstract bool StatefulReconnectEnabled { get; }

    /// <summary>
    /// Registers the callback run when a client re-attaches a new transport to this connection (stateful reconnect).
    /// It receives the new output writer and completes once it has written what must precede new traffic
    /// (the Sequence message and the replay); only then does the new transport start sending.
    /// </summary>
    public abstract void OnReconnected(Func<PipeWriter, Task> callback);

    /// <summary>
    /// Registers the callback run when the connection layer needs the connection closed while it is still healthy
    /// (its authentication expired, <see cref="ConnectionEndpointOptions.CloseOnAuthenticationExpiration"/>): the
    /// layer above should tell the client <paramref name="callback"/>'s reason and end. A connection still open a
    /// shutdown timeout later is ended anyway; without a callback it ends at once.
    /// </summary>
    public virtual void OnCloseRequested(Action<string> callback)
    {
    }

    /// <summary>Stops accepting transport reconnects (for example once the hub layer closes the connection).</summary>
    public abstract void DisableReconnect();

    /// <summary>
    /// The canonical path of the endpoint the connection was opened at, route values filled in (see
    /// <see cref="EndpointPathTemplate"/>), or null for a connection not opened through a mapped endpoint. Transport
    /// requests at another endpoint path do not find the connection (404).
    /// </summary>
    public virtual string? EndpointPath => null;

    /// <summary>The route values of the request that opened the connection (empty when there were none).</summary>
    public virtual RouteValueDictionary RouteValues { get; } = new();
}
