using System.Net;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Authentication;

namespace HubFramework.Server.Backplane.Nats;

/// <summary>
/// The owner side of a relay: rebuilds the request the edge received (request line, headers, addresses, the
/// identity the edge authenticated) as an <see cref="HttpContext"/> whose body, response and WebSocket are the relay
/// stream, and serves it with the endpoint's own dispatcher, exactly as a local request.
/// </summary>
internal static class RelayedRequestServer
{
    public static async Task ServeAsync(NatsRequestRelay relay, RelayStream stream, RelayRequestHead head, byte[] initialBody, bool bodyComplete, RequestDelegate serve)
    {
        var kind = head.WebSocket ? "websocket" : head.Method.ToUpperInvariant();
        relay.Metrics.Started(RelayRole.Owner, kind);
        RelayLog.Serving(relay.Logger, kind, head.Endpoint, head.EdgeNode);
        var response = new RelayedResponse(stream, relay.ChunkSize);
        using var body = new RelayedRequestBody(stream, initialBody, bodyComplete);
        try
        {
            var context = Create(relay, stream, head, body, response);
            await serve(context).ConfigureAwait(false);
            await response.FinishAsync(stream.Aborted).ConfigureAwait(false);
        }
        catch (Exception) when (stream.IsAborted)
        {
            // The edge went away (or the stream broke): the dispatcher saw it as an aborted request already.
        }
        catch (Exception ex)
        {
            RelayLog.ServeFailed(relay.Logger, head.Endpoint, ex);
            if (!response.HasStarted)
            {
                response.StatusCode = StatusCodes.Status500InternalServerError;
                try
                {
                    await response.FinishAsync(stream.Aborted).ConfigureAwait(false);
                }
                catch (Exception)
                {
                    stream.Abort("the owner failed to serve the request", notifyPeer: true);
                }
            }
            else
            {
                stream.Abort("the owner failed to serve the request", notifyPeer: true);
            }
        }
        finally
        {
            relay.Remove(stream);
            relay.Exit(RelayRole.Owner);
            relay.Metrics.Ended(RelayRole.Owner);
        }
    }

    private static DefaultHttpContext Create(NatsRequestRelay relay, RelayStream stream, RelayRequestHead head, RelayedRequestBody body, RelayedResponse response)
    {
        var features = new FeatureCollection();
        features.Set<IHttpRequestFeature>(new HttpRequestFeature
        {
            Method = head.Method,
            Scheme = head.Scheme,
            Protocol = head.Protocol,
            PathBase = head.PathBase,
            Path = head.Path,
            QueryString = head.QueryString,
            Headers = head.CreateHeaders(),
            Body = body,
        });
        features.Set<IHttpResponseFeature>(response);
        features.Set<IHttpResponseBodyFeature>(response);
        features.Set<IHttpRequestLifetimeFeature>(new RelayedRequestLifetime(stream));
        features.Set<IHttpConnectionFeature>(new HttpConnectionFeature
        {
            ConnectionId = "relay-" + head.EdgeNode + "-" + head.EdgeStream,
            RemoteIpAddress = IPAddress.TryParse(head.RemoteIp, out var remote) ? remote : null,
            RemotePort = head.RemotePort,
            LocalIpAddress = IPAddress.TryParse(head.LocalIp, out var local) ? local : null,
            LocalPort = head.LocalPort,
        });
        if (head.CreateAuthenticateResult() is { } authentication)
        {
            features.Set<IAuthenticateResultFeature>(authentication);
        }

        if (head.WebSocket)
        {
            var requested = head.Headers
                .Where(h => string.Equals(h.Key, Microsoft.Net.Http.Headers.HeaderNames.SecWebSocketProtocol, StringComparison.OrdinalIgnoreCase))
                .SelectMany(h => h.Value)
                .SelectMany(v => v.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
                .ToArray();
            features.Set<IHttpWebSocketFeature>(new RelayedWebSocketFeature(stream, response, requested, relay.ChunkSize));
        }

        return new DefaultHttpContext(features)
        {
            User = head.User,
            RequestServices = relay.Services,
        };
    }

    private sealed class RelayedRequestLifetime(RelayStream stream) : IHttpRequestLifetimeFeature
    {
        public CancellationToken RequestAborted { get; set; } = stream.Aborted;

        public void Abort() => stream.Abort("the owner aborted the request", notifyPeer: true);
    }
}
