using System.Net;
using System.Net.WebSockets;
using HubFramework.Protocol;

namespace HubFramework.Client;

/// <summary>How the client reaches the server: URL, transports, negotiation, authentication and HTTP settings.</summary>
public sealed class HttpConnectionOptions
{
    /// <summary>The hub URL (http, https, ws or wss).</summary>
    public Uri? Url { get; set; }

    /// <summary>Transports the client may use, tried in the order WebSockets, Server-Sent Events, long polling.</summary>
    public HttpTransportType Transports { get; set; } = HttpTransportType.All;

    /// <summary>
    /// Connect the WebSocket directly without <c>POST …/negotiate</c>. Only valid when <see cref="Transports"/> is
    /// exactly <see cref="HttpTransportType.WebSockets"/>.
    /// </summary>
    public bool SkipNegotiation { get; set; }

    /// <summary>
    /// Supplies a bearer token, sent as <c>Authorization: Bearer …</c> on every request (negotiate, WebSocket upgrade,
    /// SSE, polls and sends). Called once per connection attempt; again when the server answers 401.
    /// </summary>
    public Func<Task<string?>>? AccessTokenProvider { get; set; }

    /// <summary>Headers added to every request (WebSocket upgrade included).</summary>
    public IDictionary<string, string> Headers { get; set; } = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);

    /// <summary>Cookies sent with every request and updated from responses.</summary>
    public CookieContainer Cookies { get; set; } = new();

    /// <summary>
    /// Wraps or replaces the handler every request goes through (WebSocket upgrade included, so it must end in a
    /// <see cref="SocketsHttpHandler"/> for WebSockets to work). Receives the default handler.
    /// </summary>
    public Func<HttpMessageHandler, HttpMessageHandler>? HttpMessageHandlerFactory { get; set; }

    /// <summary>Adjusts the WebSocket options (sub-protocols, keep-alive, buffer sizes…) before connecting.</summary>
    public Action<ClientWebSocketOptions>? WebSocketConfiguration { get; set; }

    /// <summary>Timeout of each negotiate and send request, and of each long-polling poll.</summary>
    public TimeSpan HttpRequestTimeout { get; set; } = TimeSpan.FromSeconds(100);

    /// <summary>How long to wait for a transport to connect (WebSocket upgrade, first SSE response, first poll).</summary>
    public TimeSpan TransportConnectTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How long a stop waits for the server to acknowledge the close before dropping the transport.</summary>
    public TimeSpan CloseTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Longest negotiate response accepted, in bytes (a larger one fails the attempt).</summary>
    public int MaximumNegotiateResponseSize { get; set; } = 64 * 1024;

    /// <summary>How many negotiate redirects (<c>url</c> + <c>accessToken</c> responses) are followed before giving up.</summary>
    public int MaximumRedirects { get; set; } = 100;

    /// <summary>
    /// Bytes the transport may buffer towards the server before senders wait (back-pressure).
    /// </summary>
    public long TransportMaxBufferSize { get; set; } = 1024 * 1024;

    /// <summary>
    /// Asks the server for stateful reconnect (WebSockets only): a dropped WebSocket is re-established under the same
    /// connection id and unacknowledged messages are replayed in both directions. Set by
    /// <c>WithStatefulReconnect()</c>.
    /// </summary>
    public bool UseStatefulReconnect { get; set; }

    /// <summary>How long stateful reconnect keeps trying to re-establish a dropped WebSocket.</summary>
    public TimeSpan StatefulReconnectTimeout { get; set; } = TimeSpan.FromSeconds(10);
}
