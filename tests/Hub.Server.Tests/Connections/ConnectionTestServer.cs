using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using HubFramework.Server.Connections;
using HubFramework.Server.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace HubFramework.Server.Tests.Connections;

/// <summary>A real Kestrel host with one connection endpoint at <c>/echo</c> (and <c>/health</c>), plus raw HTTP helpers.</summary>
internal sealed class ConnectionTestServer : IAsyncDisposable
{
    public const string Path = "/echo";

    private ConnectionTestServer(KestrelHost host, TestConnectionHandler handler)
    {
        Host = host;
        Handler = handler;
        // No draining of abandoned response bodies: a disposed response closes its connection at once, as a
        // vanished client would.
        Http = new HttpClient(new SocketsHttpHandler { MaxResponseDrainSize = 0 }) { BaseAddress = host.BaseUri, Timeout = TimeSpan.FromSeconds(30) };
    }

    public KestrelHost Host { get; }

    public TestConnectionHandler Handler { get; }

    public HttpClient Http { get; }

    internal ConnectionRegistry Registry => Host.Services.GetRequiredService<ConnectionRegistry>();

    public static async Task<ConnectionTestServer> StartAsync(
        Action<ConnectionEndpointOptions>? configure = null,
        TestConnectionHandler? handler = null,
        Action<ClientConnectionsOptions>? server = null,
        Action<IServiceCollection>? services = null,
        Action<WebApplication>? pipeline = null,
        Action<IEndpointConventionBuilder>? conventions = null,
        IReadOnlyList<object>? metadata = null)
    {
        handler ??= new TestConnectionHandler();
        var host = await KestrelHost.StartAsync(
            s =>
            {
                s.AddClientConnections(o =>
                {
                    o.ScavengeInterval = TimeSpan.FromMilliseconds(50);
                    o.ShutdownTimeout = TimeSpan.FromSeconds(2);
                    server?.Invoke(o);
                });
                services?.Invoke(s);
            },
            app =>
            {
                pipeline?.Invoke(app);
                app.MapGet("/health", () => "ok");
                var builder = app.MapClientConnections(Path, configure, _ => handler, metadata);
                conventions?.Invoke(builder);
            });
        return new ConnectionTestServer(host, handler);
    }

    /// <summary>POST /echo/negotiate with the given query; returns status and parsed body.</summary>
    public async Task<(HttpResponseMessage Response, JsonElement Body)> NegotiateRawAsync(string query = "?negotiateVersion=1")
    {
        var response = await Http.PostAsync(Path + "/negotiate" + query, content: null);
        var text = await response.Content.ReadAsStringAsync();
        var body = text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone();
        return (response, body);
    }

    /// <summary>Negotiates (v1 unless told) and returns the id for later requests and the public connection id.</summary>
    public async Task<(string Id, string ConnectionId)> NegotiateAsync(string query = "?negotiateVersion=1")
    {
        var (response, body) = await NegotiateRawAsync(query);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var connectionId = body.GetProperty("connectionId").GetString()!;
        var id = body.TryGetProperty("connectionToken", out var token) ? token.GetString()! : connectionId;
        return (id, connectionId);
    }

    public static string IdQuery(string id, string extra = "") => "?id=" + Uri.EscapeDataString(id) + extra;

    public Task<HttpResponseMessage> PollAsync(string id, CancellationToken cancellationToken = default)
        => Http.GetAsync(Path + IdQuery(id), cancellationToken);

    public Task<HttpResponseMessage> PostAsync(string id, byte[] body, CancellationToken cancellationToken = default)
        => Http.PostAsync(Path + IdQuery(id), new ByteArrayContent(body), cancellationToken);

    public Task<HttpResponseMessage> DeleteAsync(string id) => Http.DeleteAsync(Path + IdQuery(id));

    /// <summary>Opens an event stream (headers read, body streaming).</summary>
    public async Task<HttpResponseMessage> OpenEventStreamAsync(string id, CancellationToken cancellationToken = default)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, Path + IdQuery(id));
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/event-stream"));
        return await Http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
    }

    public Uri WebSocketUri(string? id, string extra = "")
        => Host.WebSocketUrl(Path + (id is null ? (extra.Length > 0 ? "?" + extra.TrimStart('&') : string.Empty) : IdQuery(id, extra)));

    /// <summary>Polls until the connection with <paramref name="id"/> is gone from the registry (bounded).</summary>
    public async Task WaitUntilGoneAsync(string id, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(10));
        while (Registry.TryGet(id, out _))
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Connection {id} still registered.");
            }

            await Task.Delay(20);
        }
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await Host.DisposeAsync();
    }
}
