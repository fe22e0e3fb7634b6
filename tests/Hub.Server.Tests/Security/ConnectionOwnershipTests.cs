using System.Net;
using System.Net.Http.Headers;
using System.Net.WebSockets;
using System.Text;
using HubFramework.Server.Tests.Connections;
using HubFramework.Server.Tests.Transports;
using Microsoft.AspNetCore.Builder;
using static HubFramework.Server.Tests.Transports.WebSocketClient;

namespace HubFramework.Server.Tests.Security;

/// <summary>
/// A connection token is bound to the identity that negotiated it: another user (or nobody) presenting it gets 403 on
/// every transport, and the owner's connection carries on as if nothing happened.
/// </summary>
public class ConnectionOwnershipTests
{
    private const string Alice = "alice";
    private const string Bob = "bob";

    [Fact]
    public async Task LongPollingRefusesAnotherUsersPollSendAndDelete()
    {
        await using var server = await EndpointConventionTests.StartWithAuthAsync();
        var (id, _) = await NegotiateAsAsync(server, Alice);
        using (var first = await SendAsAsync(server, Alice, HttpMethod.Get, id))
        {
            Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        }

        foreach (var user in new[] { Bob, null })
        {
            await AssertForbiddenAsync(server, user, HttpMethod.Get, id);
            await AssertForbiddenAsync(server, user, HttpMethod.Post, id, "stolen"u8.ToArray());
            await AssertForbiddenAsync(server, user, HttpMethod.Delete, id);
        }

        // The owner's connection is untouched: a send echoes back on the next poll.
        using (var post = await SendAsAsync(server, Alice, HttpMethod.Post, id, "mine"u8.ToArray()))
        {
            Assert.Equal(HttpStatusCode.OK, post.StatusCode);
        }

        using var poll = await SendAsAsync(server, Alice, HttpMethod.Get, id);
        Assert.Equal(HttpStatusCode.OK, poll.StatusCode);
        Assert.Equal("mine", await poll.Content.ReadAsStringAsync());
        Assert.True(server.Registry.TryGet(id, out _));
    }

    [Fact]
    public async Task ServerSentEventsRefusesAnotherUsersStreamAndSend()
    {
        await using var server = await EndpointConventionTests.StartWithAuthAsync();
        var (id, _) = await NegotiateAsAsync(server, Alice);
        await AssertForbiddenAsync(server, Bob, HttpMethod.Get, id, eventStream: true);

        using var stream = await SendAsAsync(server, Alice, HttpMethod.Get, id, eventStream: true);
        Assert.Equal(HttpStatusCode.OK, stream.StatusCode);
        await AssertForbiddenAsync(server, Bob, HttpMethod.Get, id, eventStream: true);
        await AssertForbiddenAsync(server, Bob, HttpMethod.Post, id, "stolen"u8.ToArray());
        await AssertForbiddenAsync(server, null, HttpMethod.Post, id, "stolen"u8.ToArray());

        using (var post = await SendAsAsync(server, Alice, HttpMethod.Post, id, "mine"u8.ToArray()))
        {
            Assert.Equal(HttpStatusCode.OK, post.StatusCode);
        }

        using var reader = new StreamReader(await stream.Content.ReadAsStreamAsync());
        using var cts = new CancellationTokenSource(Bound);
        var received = new StringBuilder();
        while (!received.ToString().Contains("data: mine", StringComparison.Ordinal))
        {
            var line = await reader.ReadLineAsync(cts.Token) ?? throw new InvalidOperationException("The event stream ended.");
            received.AppendLine(line);
        }
    }

    [Fact]
    public async Task WebSocketRefusesAnotherUsersUpgrade()
    {
        await using var server = await EndpointConventionTests.StartWithAuthAsync();
        var (id, _) = await NegotiateAsAsync(server, Alice);
        await AssertUpgradeForbiddenAsync(server, Bob, id);
        await AssertUpgradeForbiddenAsync(server, null, id);

        using var socket = await ConnectAsAsync(server, Alice, id);
        await AssertEchoesAsync(socket, "mine");
    }

    [Fact]
    public async Task StatefulReconnectWebSocketOfAnotherUserDoesNotTakeOver()
    {
        await using var server = await EndpointConventionTests.StartWithAuthAsync(configure: o => o.AllowStatefulReconnects = true);
        var (id, _) = await NegotiateAsAsync(server, Alice, "?negotiateVersion=1&useStatefulReconnect=true");
        using var socket = await ConnectAsAsync(server, Alice, id);
        await AssertEchoesAsync(socket, "before");

        await AssertUpgradeForbiddenAsync(server, Bob, id);
        await AssertUpgradeForbiddenAsync(server, null, id);

        // Still the owner's socket: nothing replaced it.
        Assert.Equal(WebSocketState.Open, socket.State);
        await AssertEchoesAsync(socket, "after");

        // The owner may still take over, as stateful reconnect allows.
        using var resumed = await ConnectAsAsync(server, Alice, id);
        await AssertEchoesAsync(resumed, "resumed");
    }

    [Fact]
    public async Task AnAnonymousConnectionIsNotUsableByASignedInUser()
    {
        await using var server = await EndpointConventionTests.StartWithAuthAsync();
        var (id, _) = await NegotiateAsAsync(server, null);
        await AssertForbiddenAsync(server, Alice, HttpMethod.Get, id);
        using var first = await SendAsAsync(server, null, HttpMethod.Get, id);
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
    }

    [Fact]
    public async Task WithAuthorizationRequiredAnonymousUseIsUnauthorized()
    {
        await using var server = await EndpointConventionTests.StartWithAuthAsync(conventions: b => b.RequireAuthorization());
        var (id, _) = await NegotiateAsAsync(server, Alice);
        using (var anonymous = await SendAsAsync(server, null, HttpMethod.Get, id))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        }

        await AssertForbiddenAsync(server, Bob, HttpMethod.Get, id);
        using var first = await SendAsAsync(server, Alice, HttpMethod.Get, id);
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
    }

    internal static async Task<(string Id, string ConnectionId)> NegotiateAsAsync(ConnectionTestServer server, string? user, string query = "?negotiateVersion=1")
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, ConnectionTestServer.Path + "/negotiate" + query);
        if (user is not null)
        {
            request.Headers.Add(TestAuthenticationHandler.Header, user);
        }

        using var response = await server.Http.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = System.Text.Json.JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        return (body.GetProperty("connectionToken").GetString()!, body.GetProperty("connectionId").GetString()!);
    }

    private static async Task<HttpResponseMessage> SendAsAsync(ConnectionTestServer server, string? user, HttpMethod method, string id, byte[]? body = null, bool eventStream = false)
    {
        var request = new HttpRequestMessage(method, ConnectionTestServer.Path + ConnectionTestServer.IdQuery(id));
        if (user is not null)
        {
            request.Headers.Add(TestAuthenticationHandler.Header, user);
        }

        if (body is not null)
        {
            request.Content = new ByteArrayContent(body);
        }

        if (eventStream)
        {
            request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/event-stream"));
        }

        using var cts = new CancellationTokenSource(Bound);
        return await server.Http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cts.Token);
    }

    private static async Task AssertForbiddenAsync(ConnectionTestServer server, string? user, HttpMethod method, string id, byte[]? body = null, bool eventStream = false)
    {
        using var response = await SendAsAsync(server, user, method, id, body, eventStream);
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal("This connection belongs to another user.", await response.Content.ReadAsStringAsync());
    }

    private static async Task AssertUpgradeForbiddenAsync(ConnectionTestServer server, string? user, string id)
    {
        using var socket = new ClientWebSocket();
        socket.Options.CollectHttpResponseDetails = true;
        if (user is not null)
        {
            socket.Options.SetRequestHeader(TestAuthenticationHandler.Header, user);
        }

        using var cts = new CancellationTokenSource(Bound);
        await Assert.ThrowsAsync<WebSocketException>(() => socket.ConnectAsync(server.WebSocketUri(id), cts.Token));
        Assert.Equal(HttpStatusCode.Forbidden, socket.HttpStatusCode);
    }

    private static async Task<ClientWebSocket> ConnectAsAsync(ConnectionTestServer server, string user, string id)
    {
        var socket = new ClientWebSocket();
        socket.Options.SetRequestHeader(TestAuthenticationHandler.Header, user);
        using var cts = new CancellationTokenSource(Bound);
        await socket.ConnectAsync(server.WebSocketUri(id), cts.Token);
        return socket;
    }

    private static async Task AssertEchoesAsync(ClientWebSocket socket, string text)
    {
        await WebSocketClient.SendAsync(socket, Encoding.UTF8.GetBytes(text));
        var (_, payload) = await ReceiveAsync(socket);
        Assert.Equal(text, Encoding.UTF8.GetString(payload));
    }
}
