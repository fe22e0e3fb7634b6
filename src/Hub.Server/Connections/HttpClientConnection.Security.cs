using System.Security.Claims;
using HubFramework.Server.Connections.Security;

namespace HubFramework.Server.Connections;

/// <summary>Who a connection belongs to, the room it holds in the node's caps, and closes the connection layer asks for.</summary>
internal sealed partial class HttpClientConnection
{
    /// <summary>The identity that negotiated the connection: the only one its later requests may come from.</summary>
    public ConnectionOwner Owner { get; }

    /// <summary>
    /// Whether a request made as <paramref name="user"/> may use this connection. Every request for an existing
    /// connection goes through here (relayed ones too, with the identity their edge node authenticated).
    /// </summary>
    public bool IsOwnedBy(ClaimsPrincipal? user) => Owner.Matches(user);

    /// <summary>The room the connection holds in the node's connection caps (given back when it is removed).</summary>
    internal AdmissionTicket? Admission { get; init; }

    public override void OnCloseRequested(Action<string> callback)
    {
        ArgumentNullException.ThrowIfNull(callback);
        _onCloseRequested = callback;
    }

    /// <summary>
    /// Asks the application to close the connection with <paramref name="reason"/> (once); false when nobody listens,
    /// and the caller should end it itself.
    /// </summary>
    public bool RequestClose(string reason)
    {
        lock (_sync)
        {
            if (_ending || _closeRequestedAt != 0)
            {
                return true;
            }

            if (_onCloseRequested is null)
            {
                return false;
            }

            _closeRequestedAt = Environment.TickCount64;
        }

        try
        {
            _onCloseRequested(reason);
        }
        catch (Exception ex)
        {
            ConnectionsLog.ApplicationFailed(_logger, ConnectionId, ex);
            return false;
        }

        return true;
    }

    /// <summary>Whether a requested close has been ignored for longer than the shutdown timeout.</summary>
    public bool IsCloseOverdue(long now)
    {
        lock (_sync)
        {
            return !_ending && _closeRequestedAt != 0 && now - _closeRequestedAt > (long)_shutdownTimeout.TotalMilliseconds;
        }
    }
}
