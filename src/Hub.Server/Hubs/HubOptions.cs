using HubFramework.Server.Hubs.Outbound;

namespace HubFramework.Server.Hubs;

/// <summary>Options of the hub layer, for all hubs (<c>AddHubs(o => …)</c>) or one hub (<see cref="HubOptions{THub}"/>).</summary>
public class HubOptions
{
    /// <summary>How long a client has to send the handshake after the transport connects. Default 15 s.</summary>
    public TimeSpan HandshakeTimeout { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>How often the server pings an otherwise silent connection. Default 15 s.</summary>
    public TimeSpan KeepAliveInterval { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>A connection from which nothing (not even a ping) arrives for this long is closed. Default 30 s.</summary>
    public TimeSpan ClientTimeoutInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Largest incoming hub message in bytes; a larger one closes the connection with an error. Null: no limit. Default 32 KB.</summary>
    public long? MaximumReceiveMessageSize { get; set; } = 32 * 1024;

    /// <summary>Whether exception details (beyond <see cref="HubException"/> messages) reach clients. Default false.</summary>
    public bool EnableDetailedErrors { get; set; }

    /// <summary>Items buffered per client-to-server stream before the reader of the stream must catch up. Default 10.</summary>
    public int StreamBufferCapacity { get; set; } = 10;

    /// <summary>Hub method invocations one client may have running at once; further ones wait. Default 1.</summary>
    public int MaximumParallelInvocationsPerClient { get; set; } = 1;

    /// <summary>
    /// Invocations of one client that may wait for a free slot while the connection keeps reading (so client results,
    /// stream items and cancellations still get through); beyond this the server stops reading that client. Default 100.
    /// </summary>
    public int MaximumQueuedInvocationsPerClient { get; set; } = 100;

    /// <summary>Bytes of sent-but-unacknowledged messages kept for a stateful reconnect. Default 100,000.</summary>
    public long StatefulReconnectBufferSize { get; set; } = 100_000;

    /// <summary>Hub protocols offered, by name. Null: every registered protocol ("json", "messagepack").</summary>
    public IList<string>? SupportedProtocols { get; set; }

    /// <summary>Per-connection outbound queue: caps and the policy applied when a connection cannot keep up.</summary>
    public OutboundQueueOptions OutboundQueue { get; set; } = new();

    /// <summary>Per-connection rate limit of incoming hub messages, applied before dispatch (unknown methods included). Null: off.</summary>
    public InvocationRateLimitOptions? RateLimit { get; set; }

    /// <summary>
    /// Namespaces one hub type may have on a node (each mapped path, and each set of route values of a dynamic
    /// pattern, is one); a connection that would open one more is refused in its handshake. Namespaces live as long
    /// as the node. Default 10,000.
    /// </summary>
    public int MaximumNamespaces { get; set; } = 10_000;

    /// <summary>
    /// Extra namespaces one connection of this hub may open over itself (the <c>multiplex</c> extension of our .NET
    /// client, see docs/protocol-extensions.md); 0 turns the extension off (not advertised, opens refused). Default 16.
    /// </summary>
    public int MaximumNamespacesPerConnection { get; set; } = 16;

    /// <summary>Rooms and presence: presence events, state size, rooms per connection, presence rate.</summary>
    public RoomOptions Rooms { get; set; } = new();

    /// <summary>Hub filters run around every invocation and on connect/disconnect, in order.</summary>
    public IList<IHubFilter> HubFilters { get; } = new List<IHubFilter>();
}

/// <summary>Options for one hub type; set with <c>AddHubOptions&lt;THub&gt;</c> or <c>MapHub&lt;THub&gt;(…, o => …)</c>.</summary>
/// <typeparam name="THub">The hub.</typeparam>
public class HubOptions<THub> : HubOptions
    where THub : Hub
{
}
