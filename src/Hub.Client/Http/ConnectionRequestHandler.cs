using System.Net;
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

    /// <summary>
    /// Asked for a fresh token when the server answers 401 (the token may have expired since it was fetched); the
    /// request is then sent once more with it, when its body can be sent twice.
    /// </summary>
    public Func<Task<string?>>? AccessTokenProvider { get; set; }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        foreach (var (name, value) in _headers)
        {
            request.Headers.Remove(name);
            request.Headers.TryAddWithoutValidation(name, value);
        }

        ApplyToken(request, AccessToken);
        var response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
        if (response.StatusCode != HttpStatusCode.Unauthorized || AccessTokenProvider is not { } provider)
        {
            return response;
        }

        var fresh = await provider().ConfigureAwait(false);
        AccessToken = fresh;
        if (!IsReplayable(request.Content))
        {
            // The caller fails on this 401; its next request (or reconnect) carries the fresh token.
            return response;
        }

        response.Dispose();
        ApplyToken(request, fresh);
        return await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
    }

    private static void ApplyToken(HttpRequestMessage request, string? token)
    {
        if (token is { Length: > 0 })
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }
    }

    private static bool IsReplayable(HttpContent? content)
        => content is null or ByteArrayContent or ReadOnlyMemoryContent or Transports.ReadOnlySequenceContent;
}
