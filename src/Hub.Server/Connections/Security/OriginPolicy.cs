using Microsoft.AspNetCore.Http;

namespace HubFramework.Server.Connections.Security;

/// <summary>
/// Which browser origins may negotiate and open connections on an endpoint
/// (<see cref="ConnectionEndpointOptions.AllowedOrigins"/>). Browsers attach cookies to a cross-site WebSocket upgrade
/// and CORS does not apply to it, so without this check any page a signed-in user visits could open a connection
/// in the user's name (cross-site WebSocket hijacking).
/// </summary>
/// <remarks>
/// Requests without an <c>Origin</c> header (non-browser clients) and same-origin requests always pass. With no
/// allowed origins configured, a cross-origin request passes only when it carries no cookies: a page can then only
/// connect with credentials it holds itself (a bearer token), never with the user's ambient cookie session. With
/// allowed origins configured, only those (or <c>*</c>: any) pass, cookies or not.
/// </remarks>
internal sealed class OriginPolicy
{
    private readonly HashSet<string> _allowed;
    private readonly bool _any;

    public OriginPolicy(IEnumerable<string> allowedOrigins)
    {
        _allowed = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var origin in allowedOrigins)
        {
            if (origin == "*")
            {
                _any = true;
            }
            else
            {
                _allowed.Add(Normalize(origin));
            }
        }
    }

    /// <summary>Throws when an entry is neither <c>*</c> nor an http(s) origin (scheme, host, optional port; no path).</summary>
    public static void Validate(IEnumerable<string> allowedOrigins, string name)
    {
        foreach (var origin in allowedOrigins)
        {
            if (origin == "*")
            {
                continue;
            }

            if (string.IsNullOrWhiteSpace(origin)
                || !Uri.TryCreate(origin, UriKind.Absolute, out var uri)
                || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps)
                || uri.AbsolutePath.Length > 1 || uri.Query.Length > 0 || uri.Fragment.Length > 0 || uri.UserInfo.Length > 0)
            {
                throw new ArgumentException($"{name}: '{origin}' is not an origin: use \"*\" or scheme://host[:port], e.g. https://app.example.com.", name);
            }
        }
    }

    public bool IsAllowed(HttpRequest request)
    {
        var origin = request.Headers.Origin.ToString();
        if (origin.Length == 0 || _any)
        {
            return true;
        }

        if (IsSameOrigin(origin, request) || _allowed.Contains(Normalize(origin)))
        {
            return true;
        }

        return _allowed.Count == 0 && request.Headers.Cookie.Count == 0;
    }

    // Host and port only: behind a TLS-terminating proxy the request's scheme is http while the page's is https.
    private static bool IsSameOrigin(string origin, HttpRequest request)
    {
        if (!Uri.TryCreate(origin, UriKind.Absolute, out var uri) || !request.Host.HasValue)
        {
            return false;
        }

        if (!string.Equals(uri.IdnHost, request.Host.Host, StringComparison.OrdinalIgnoreCase)
            && !string.Equals(uri.Host, request.Host.Host.Trim('[', ']'), StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        // A Host without a port means the scheme's default one (a TLS-terminating proxy in front: 443).
        return request.Host.Port is { } port ? port == uri.Port : uri.IsDefaultPort;
    }

    private static string Normalize(string origin) => origin.Trim().TrimEnd('/');
}
