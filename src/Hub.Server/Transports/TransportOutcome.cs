namespace HubFramework.Server.Transports;

/// <summary>How a transport request ended; the connection layer decides what that means for the connection.</summary>
internal enum TransportOutcome
{
    /// <summary>The client closed the transport on purpose (WebSocket close frame).</summary>
    ClientClosed,

    /// <summary>The application finished its output and everything was sent.</summary>
    ApplicationCompleted,

    /// <summary>The transport broke (socket reset, request aborted, send timeout).</summary>
    Faulted,

    /// <summary>The connection layer stopped this transport (superseded, taken over, or the connection ended).</summary>
    Stopped,

    /// <summary>The client sent a message over the buffering limit.</summary>
    MessageTooBig,
}
