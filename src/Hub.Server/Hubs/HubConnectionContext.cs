using System.Security.Claims;
using HubFramework.Protocol;
using HubFramework.Server.Connections;

namespace HubFramework.Server.Hubs;

/// <summary>
/// The hub layer's view of one connection after the handshake: identity, protocol and outbound writes.
/// Owned by the hub connection handler; the lifetime manager uses it to deliver messages.
/// </summary>
public class HubConnectionContext
{
    /// <summary>Creates the context over a connection-layer connection.</summary>
    internal HubConnectionContext(ClientConnection connection, IHubProtocol protocol, string? userIdentifier)
    {
        Connection = connection;
        Protocol = protocol;
        UserIdentifier = userIdentifier;
    }

    internal ClientConnection Connection { get; }

    /// <summary>The connection id.</summary>
    public string ConnectionId => Connection.ConnectionId;

    /// <summary>The user id, or null.</summary>
    public string? UserIdentifier { get; }

    /// <summary>The authenticated user.</summary>
    public ClaimsPrincipal User => Connection.User;

    /// <summary>The hub protocol chosen in the handshake.</summary>
    public IHubProtocol Protocol { get; }

    /// <summary>State kept for the connection's lifetime.</summary>
    public IDictionary<object, object?> Items => Connection.Items;

    /// <summary>Signalled when the connection ends.</summary>
    public CancellationToken ConnectionAborted => Connection.ConnectionClosed;
}
