using System.Net;
using System.Net.Http.Headers;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;

namespace HubFramework.Security.Tests.Contract;

/// <summary>
/// The contract's <c>/hubs/interop-secure</c> row against our interop server (a real process): a connection token
/// negotiated by <c>interop-user</c> presented with <c>interop-token-2</c> gets 403 on every transport request, without
/// a token 401, and the owner's connection keeps working.
/// </summary>
public sealed class SecureHubOwnershipTests : IAsyncLifetime
{
    private const string OwnerToken = "interop-token";
    private const string OtherToken = "interop-token-2";
    private const string Handshake = "{\"protocol\":\"json\",\"version\":1}\u001e";

    private ServerProcess? _server;
    private HttpClient? _http;

    public async Task InitializeAsync()
    {
        _server = await ServerProcess.StartAsync("Hub.InteropServer");
        _http = new HttpClient { BaseAddress = _server.BaseUrl, Timeout = TimeSpan.FromSeconds(20) };
    }

    public async Task DisposeAsync()
    {
        _http?.Dispose();
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }

    [Fact]
    public async Task LongPollingAndSendsOfAnotherUserGet403()
    {
        var id = await NegotiateAsync(OwnerToken);
        using (var start = await SendAsync(HttpMethod.Get, id, OwnerToken))
        {
            Assert.Equal(HttpStatusCode.OK, start.StatusCode);
        }

        await AssertStatusAsync(HttpStatusCode.Forbidden, HttpMethod.Get, id, OtherToken);
        await AssertStatusAsync(HttpStatusCode.Forbidden, HttpMethod.Post, id, OtherToken, Handshake);
        await AssertStatusAsync(HttpStatusCode.Forbidden, HttpMethod.Delete, id, OtherToken);
        await AssertStatusAsync(HttpStatusCode.Unauthorized, HttpMethod.Get, id, token: null);
        await AssertStatusAsync(HttpStatusCode.Unauthorized, HttpMethod.Post, id, token: null, Handshake);

        // The owner handshakes and invokes as if nothing happened.
        await AssertStatusAsync(HttpStatusCode.OK, HttpMethod.Post, id, OwnerToken, Handshake + Invocation("1", "mine"));
        var received = new StringBuilder();
        for (var polls = 0; polls < 20 && !received.ToString().Contains("\"result\":\"mine\"", StringComparison.Ordinal); polls++)
        {
            using var poll = await SendAsync(HttpMethod.Get, id, OwnerToken);
            Assert.Equal(HttpStatusCode.OK, poll.StatusCode);
            received.Append(await poll.Content.ReadAsStringAsync());
        }

        Assert.Contains("\"result\":\"mine\"", received.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnEventStreamOfAnotherUserGets403()
    {
        var id = await NegotiateAsync(OwnerToken);
        await AssertStatusAsync(HttpStatusCode.Forbidden, HttpMethod.Get, id, OtherToken, eventStream: true);
        using var stream = await SendAsync(HttpMethod.Get, id, OwnerToken, eventStream: true);
        Assert.Equal(HttpStatusCode.OK, stream.StatusCode);
        await AssertStatusAsync(HttpStatusCode.Forbidden, HttpMethod.Post, id, OtherToken, Handshake);
        await AssertStatusAsync(HttpStatusCode.OK, HttpMethod.Post, id, OwnerToken, Handshake);
    }

    [Fact]
    public async Task AWebSocketOfAnotherUserGets403AndTheOwnersWorks()
    {
        var id = await NegotiateAsync(OwnerToken, stateful: true);
        Assert.Equal(HttpStatusCode.Forbidden, await UpgradeStatusAsync(id, OtherToken));
        Assert.Equal(HttpStatusCode.Unauthorized, await UpgradeStatusAsync(id, token: null));

        using var socket = await ConnectAsync(id, OwnerToken);
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        await socket.SendAsync(Encoding.UTF8.GetBytes(Handshake + Invocation("1", "before")), WebSocketMessageType.Text, true, cts.Token);
        await ReceiveUntilAsync(socket, "\"result\":\"before\"", cts.Token);

        // A stateful-reconnect upgrade by another user neither takes over nor disturbs the owner's socket.
        Assert.Equal(HttpStatusCode.Forbidden, await UpgradeStatusAsync(id, OtherToken));
        await socket.SendAsync(Encoding.UTF8.GetBytes(Invocation("2", "after")), WebSocketMessageType.Text, true, cts.Token);
        await ReceiveUntilAsync(socket, "\"result\":\"after\"", cts.Token);
    }

    private static string Invocation(string id, string text) => $"{{\"type\":1,\"invocationId\":\"{id}\",\"target\":\"Echo\",\"arguments\":[\"{text}\"]}}\u001e";

    private async Task<string> NegotiateAsync(string token, bool stateful = false)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "hubs/interop-secure/negotiate?negotiateVersion=1" + (stateful ? "&useStatefulReconnect=true" : string.Empty));
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var response = await _http!.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("connectionToken").GetString()!;
    }

    private async Task<HttpResponseMessage> SendAsync(HttpMethod method, string id, string? token, string? body = null, bool eventStream = false)
    {
        var request = new HttpRequestMessage(method, "hubs/interop-secure?id=" + Uri.EscapeDataString(id));
        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        if (body is not null)
        {
            request.Content = new StringContent(body);
        }

        if (eventStream)
        {
            request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/event-stream"));
        }

        return await _http!.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
    }

    private async Task AssertStatusAsync(HttpStatusCode expected, HttpMethod method, string id, string? token, string? body = null, bool eventStream = false)
    {
        using var response = await SendAsync(method, id, token, body, eventStream);
        Assert.Equal(expected, response.StatusCode);
    }

    private Uri WebSocketUri(string id, string? token)
        => new UriBuilder(_server!.Url("hubs/interop-secure?id=" + Uri.EscapeDataString(id) + (token is null ? string.Empty : "&access_token=" + token))) { Scheme = "ws" }.Uri;

    private async Task<HttpStatusCode> UpgradeStatusAsync(string id, string? token)
    {
        using var socket = new ClientWebSocket();
        socket.Options.CollectHttpResponseDetails = true;
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        await Assert.ThrowsAsync<WebSocketException>(() => socket.ConnectAsync(WebSocketUri(id, token), cts.Token));
        return socket.HttpStatusCode;
    }

    private async Task<ClientWebSocket> ConnectAsync(string id, string token)
    {
        var socket = new ClientWebSocket();
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        await socket.ConnectAsync(WebSocketUri(id, token), cts.Token);
        return socket;
    }

    private static async Task ReceiveUntilAsync(ClientWebSocket socket, string marker, CancellationToken cancellationToken)
    {
        var buffer = new byte[8192];
        var received = new StringBuilder();
        for (var frames = 0; frames < 100 && !received.ToString().Contains(marker, StringComparison.Ordinal); frames++)
        {
            var result = await socket.ReceiveAsync(buffer.AsMemory(), cancellationToken);
            Assert.NotEqual(WebSocketMessageType.Close, result.MessageType);
            received.Append(Encoding.UTF8.GetString(buffer, 0, result.Count));
        }

        Assert.Contains(marker, received.ToString(), StringComparison.Ordinal);
    }
}
