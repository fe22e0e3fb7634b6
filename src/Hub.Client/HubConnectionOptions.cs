namespace HubFramework.Client;

/// <summary>Settings of the hub connection itself (above the transport).</summary>
public sealed class HubConnectionOptions
{
    /// <summary>Default of <see cref="ServerTimeout"/>: 30 seconds (twice the server's default ping interval).</summary>
    public static readonly TimeSpan DefaultServerTimeout = TimeSpan.FromSeconds(30);

    /// <summary>Default of <see cref="KeepAliveInterval"/>: 15 seconds.</summary>
    public static readonly TimeSpan DefaultKeepAliveInterval = TimeSpan.FromSeconds(15);

    /// <summary>Default of <see cref="HandshakeTimeout"/>: 15 seconds.</summary>
    public static readonly TimeSpan DefaultHandshakeTimeout = TimeSpan.FromSeconds(15);

    /// <summary>
    /// If nothing (not even a ping) arrives from the server for this long, the connection is considered dead and
    /// closed with a <see cref="TimeoutException"/> (then automatic reconnect, if enabled, takes over).
    /// Should be about twice the server's keep-alive interval.
    /// </summary>
    public TimeSpan ServerTimeout { get; set; } = DefaultServerTimeout;

    /// <summary>A ping is sent when nothing else was sent for this long, so the server knows the client is alive.</summary>
    public TimeSpan KeepAliveInterval { get; set; } = DefaultKeepAliveInterval;

    /// <summary>How long the server has to answer the handshake.</summary>
    public TimeSpan HandshakeTimeout { get; set; } = DefaultHandshakeTimeout;

    /// <summary>
    /// Largest message accepted from the server, in bytes; a larger one closes the connection with a
    /// <see cref="Protocol.HubProtocolException"/>. Null for no limit (the receive buffer is then unbounded too).
    /// </summary>
    public long? MaximumReceiveMessageSize { get; set; } = 4 * 1024 * 1024;

    /// <summary>
    /// Stateful reconnect: bytes of sent-but-unacknowledged messages kept for replay. When full, senders wait for
    /// the server's acknowledgements.
    /// </summary>
    public long StatefulReconnectBufferSize { get; set; } = 100_000;

    /// <summary>Stateful reconnect: how often the client acknowledges the messages it has received.</summary>
    public TimeSpan StatefulReconnectAckInterval { get; set; } = TimeSpan.FromSeconds(1);
}
