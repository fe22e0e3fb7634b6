namespace HubFramework.Client;

/// <summary>Where a <see cref="HubConnection"/> is in its lifetime.</summary>
public enum HubConnectionState
{
    /// <summary>Not connected: before <see cref="HubConnection.StartAsync"/>, after a stop, or after reconnecting gave up.</summary>
    Disconnected,

    /// <summary><see cref="HubConnection.StartAsync"/> is negotiating, connecting a transport or handshaking.</summary>
    Connecting,

    /// <summary>Connected: invocations can be sent.</summary>
    Connected,

    /// <summary>The connection was lost and automatic reconnect is trying to restore it.</summary>
    Reconnecting,
}
