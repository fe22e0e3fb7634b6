namespace HubFramework.Server.Connections;

/// <summary>WebSocket settings of a connection endpoint.</summary>
public sealed class WebSocketTransportOptions
{
    /// <summary>
    /// After one side starts the close handshake, how long to wait for the other side (the application to finish
    /// sending, or the client to answer the close frame) before the socket is aborted. Default: 5 s.
    /// </summary>
    public TimeSpan CloseTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Picks the WebSocket sub-protocol to accept from those the client requested (return null to accept none).
    /// Default: none is selected.
    /// </summary>
    public Func<IList<string>, string?>? SubProtocolSelector { get; set; }
}
