using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace HubFramework.Server.Connections;

/// <summary>
/// A detached copy of a request (method, path, query, headers, connection addresses, user) for long-polling
/// connections: each poll's own HttpContext is recycled by the server when the poll ends, so the application must
/// not keep it.
/// </summary>
internal static class HttpContextSnapshot
{
    public static HttpContext Create(HttpContext source, IServiceProvider services, CancellationToken connectionClosed)
    {
        var features = new FeatureCollection();

        var headers = new HeaderDictionary();
        foreach (var header in source.Request.Headers)
        {
            headers[header.Key] = header.Value;
        }

        features.Set<IHttpRequestFeature>(new HttpRequestFeature
        {
            Method = source.Request.Method,
            Scheme = source.Request.Scheme,
            Protocol = source.Request.Protocol,
            PathBase = source.Request.PathBase.Value ?? string.Empty,
            Path = source.Request.Path.Value ?? string.Empty,
            QueryString = source.Request.QueryString.Value ?? string.Empty,
            Headers = headers,
        });
        features.Set<IHttpResponseFeature>(new HttpResponseFeature());
        features.Set<IHttpResponseBodyFeature>(new StreamResponseBodyFeature(Stream.Null));
        features.Set<IHttpRequestLifetimeFeature>(new HttpRequestLifetimeFeature { RequestAborted = connectionClosed });

        var connection = source.Connection;
        features.Set<IHttpConnectionFeature>(new HttpConnectionFeature
        {
            ConnectionId = connection.Id,
            LocalIpAddress = connection.LocalIpAddress,
            LocalPort = connection.LocalPort,
            RemoteIpAddress = connection.RemoteIpAddress,
            RemotePort = connection.RemotePort,
        });

        if (source.Features.Get<ITlsConnectionFeature>() is { } tls)
        {
            features.Set(tls);
        }

        return new DefaultHttpContext(features)
        {
            User = source.User,
            RequestServices = services,
        };
    }
}
