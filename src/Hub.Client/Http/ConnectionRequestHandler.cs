using System.Net.Http.Headers;

namespace HubFramework.Client.Http;

/// <summary>Adds the configured headers and the current bearer token to every request of one connection.</summary>
internal sealed class ConnectionRequestHandler : DelegatingHandler
{
    private readonly IReadOnlyList<KeyValuePair<string, string>> _headers;

    public ConnectionRequestHandler(IEnumerable<KeyValuePair<string, string>> headers, HttpMessageHandler inner)
        : base(inner)
    {
        _headers = headers.ToArray();
    }

    /// <summary>The bearer token to send, or null.</summary>
    public string? AccessToken { get; set; }

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        foreach (var (name, value) in _headers)
        {
            request.Headers.Remove(name);
            request.Headers.TryAddWithoutValidation(name, value);
        }

        if (AccessToken is { Length: > 0 } token)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        return base.SendAsync(request, cancellationToken);
    }
}
