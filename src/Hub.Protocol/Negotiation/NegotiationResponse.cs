namespace HubFramework.Protocol;

/// <summary>
/// The body of <c>POST …/negotiate</c>: the connection description (v0/v1), a redirect (<see cref="Url"/> +
/// <see cref="AccessToken"/>), or an error.
/// </summary>
public sealed class NegotiationResponse
{
    /// <summary>Negotiate version: 0 (no connection token) or 1.</summary>
    public int Version { get; set; }

    /// <summary>The public connection id.</summary>
    public string? ConnectionId { get; set; }

    /// <summary>The secret id used on later requests (version 1 only).</summary>
    public string? ConnectionToken { get; set; }

    /// <summary>Transports the client may use.</summary>
    public IReadOnlyList<AvailableTransport>? AvailableTransports { get; set; }

    /// <summary>Redirect: the URL to connect to instead.</summary>
    public string? Url { get; set; }

    /// <summary>Redirect: the token to use with <see cref="Url"/>.</summary>
    public string? AccessToken { get; set; }

    /// <summary>Error form: why negotiation failed.</summary>
    public string? Error { get; set; }

    /// <summary>Whether the server agreed to stateful reconnect (written only when true).</summary>
    public bool UseStatefulReconnect { get; set; }

    /// <summary>
    /// HubFramework protocol extensions the server offers on this connection (written as <c>hubExtensions</c>, only
    /// when non-empty; stock SignalR clients ignore it), e.g. <c>multiplex</c>: see docs/protocol-extensions.md.
    /// </summary>
    public IReadOnlyList<string>? Extensions { get; set; }
}
