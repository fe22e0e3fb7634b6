using HubFramework.Protocol;

namespace HubFramework.Server.Connections;

/// <summary>
/// Options of one connection endpoint (the <c>{pattern}</c> and <c>{pattern}/negotiate</c> pair mapped by
/// <see cref="ConnectionEndpointRouteBuilderExtensions.MapClientConnections"/>).
/// </summary>
public sealed class ConnectionEndpointOptions
{
    private static readonly TimeSpan LongestTimeout = TimeSpan.FromMilliseconds(uint.MaxValue - 1);

    /// <summary>The transports clients may use. Default: all three.</summary>
    public HttpTransportType Transports { get; set; } = HttpTransportType.All;

    /// <summary>Long polling settings.</summary>
    public LongPollingOptions LongPolling { get; } = new();

    /// <summary>WebSocket settings.</summary>
    public WebSocketTransportOptions WebSockets { get; } = new();

    /// <summary>
    /// Bytes received from the client that the application has not read yet before the transport stops reading
    /// (backpressure). With stateful reconnect it is also the largest WebSocket message buffered whole before delivery.
    /// 0 means unbounded. Default: 64 KB.
    /// </summary>
    public long TransportMaxBufferSize { get; set; } = 64 * 1024;

    /// <summary>
    /// Bytes written by the application that the transport has not sent yet before application writes wait
    /// (backpressure). 0 means unbounded. Default: 64 KB.
    /// </summary>
    public long ApplicationMaxBufferSize { get; set; } = 64 * 1024;

    /// <summary>
    /// How long a single send to the client (one WebSocket frame or one Server-Sent Events write) may take before the
    /// connection is considered dead. <see cref="Timeout.InfiniteTimeSpan"/> disables it. Default: 10 s.
    /// </summary>
    public TimeSpan TransportSendTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// How long a connection is kept while no transport request carries it: between long polls, after negotiate
    /// before the first transport request, and while a stateful-reconnect client is away. Default: 15 s.
    /// </summary>
    public TimeSpan DisconnectTimeout { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>Whether clients may negotiate stateful reconnect (<c>useStatefulReconnect=true</c>). Default: false.</summary>
    public bool AllowStatefulReconnects { get; set; }

    /// <summary>
    /// End connections when the authentication of the request that started them expires (the authentication
    /// handler's <c>AuthenticationProperties.ExpiresUtc</c>); clients then reconnect with fresh credentials.
    /// Checked every <see cref="ClientConnectionsOptions.ScavengeInterval"/>. Default: false.
    /// </summary>
    public bool CloseOnAuthenticationExpiration { get; set; }

    /// <summary>
    /// Browser origins (<c>scheme://host[:port]</c>, or <c>*</c> for any) allowed to negotiate and open connections,
    /// besides the endpoint's own origin; a request with another <c>Origin</c> gets 403. Requests without an
    /// <c>Origin</c> header (non-browser clients) always pass. Default (empty): cross-origin requests pass only when
    /// they carry no cookies, which is safe for cookie authentication (a foreign page cannot use the user's session,
    /// cross-site WebSocket hijacking) and still lets pages on other origins connect with bearer tokens. List the
    /// origins of your pages when they rely on cookies across origins.
    /// </summary>
    public IList<string> AllowedOrigins { get; } = new List<string>();

    /// <summary>
    /// The largest request body (a long-polling or Server-Sent Events send) accepted, checked before the body is
    /// read; larger ones get 413. Must hold the largest batch of messages a client sends at once. Default: 1 MB.
    /// </summary>
    public long MaxRequestBodySize { get; set; } = 1024 * 1024;

    /// <summary>The lowest negotiate version accepted; lower requests get an error response. Default: 0.</summary>
    public int MinimumNegotiateVersion { get; set; }

    internal void Validate()
    {
        if ((Transports & ~HttpTransportType.All) != 0)
        {
            throw new ArgumentOutOfRangeException(nameof(Transports), Transports, "Unknown transport flags.");
        }

        RequireTimeout(LongPolling.PollTimeout, "LongPolling.PollTimeout");
        RequireTimeout(WebSockets.CloseTimeout, "WebSockets.CloseTimeout");
        RequireTimeout(DisconnectTimeout, nameof(DisconnectTimeout));
        if (TransportSendTimeout != Timeout.InfiniteTimeSpan)
        {
            RequireTimeout(TransportSendTimeout, nameof(TransportSendTimeout));
        }

        if (TransportMaxBufferSize < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(TransportMaxBufferSize), TransportMaxBufferSize, "Must be 0 (unbounded) or positive.");
        }

        if (ApplicationMaxBufferSize < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(ApplicationMaxBufferSize), ApplicationMaxBufferSize, "Must be 0 (unbounded) or positive.");
        }

        if (MaxRequestBodySize <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxRequestBodySize), MaxRequestBodySize, "Must be positive.");
        }

        Security.OriginPolicy.Validate(AllowedOrigins, nameof(AllowedOrigins));

        if (MinimumNegotiateVersion is < 0 or > NegotiateVersions.Latest)
        {
            throw new ArgumentOutOfRangeException(nameof(MinimumNegotiateVersion), MinimumNegotiateVersion, $"Must be between 0 and {NegotiateVersions.Latest}.");
        }
    }

    // These become CancellationTokenSource and timer delays, which cannot exceed about 49.7 days: a larger value
    // (TimeSpan.MaxValue as "never", say) would otherwise throw on every request instead of once at start-up.
    private static void RequireTimeout(TimeSpan value, string name)
    {
        if (value <= TimeSpan.Zero || value > LongestTimeout)
        {
            throw new ArgumentOutOfRangeException(name, value, "Must be positive and at most 49 days.");
        }
    }
}
