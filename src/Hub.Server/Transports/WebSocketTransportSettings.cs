namespace HubFramework.Server.Transports;

/// <summary>What a <see cref="WebSocketTransport"/> needs from the endpoint options.</summary>
/// <param name="CloseTimeout">How long either side of the close handshake is waited for.</param>
/// <param name="SendTimeout">Longest single send; <see cref="Timeout.InfiniteTimeSpan"/> for none.</param>
/// <param name="BufferWholeMessages">Deliver a message only once its last frame arrived (stateful reconnect).</param>
/// <param name="MaxBufferedMessageSize">Largest whole-buffered message; 0 for unbounded.</param>
internal sealed record WebSocketTransportSettings(
    TimeSpan CloseTimeout,
    TimeSpan SendTimeout,
    bool BufferWholeMessages,
    long MaxBufferedMessageSize);
