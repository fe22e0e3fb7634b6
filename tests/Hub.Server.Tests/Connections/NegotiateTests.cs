using System.Net;
using System.Net.WebSockets;
using System.Text.Json;
using HubFramework.Protocol;
using HubFramework.Server.Connections;

namespace HubFramework.Server.Tests.Connections;

public class NegotiateTests
{
    [Fact]
    public async Task Version1ReturnsSecretTokenSeparateFromIdAndAllTransports()
    {
        await using var server = await ConnectionTestServer.StartAsync(server: o => o.NodeId = "node-7");
        var (response, body) = await server.NegotiateRawAsync("?negotiateVersion=1");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(1, body.GetProperty("negotiateVersion").GetInt32());
        var connectionId = body.GetProperty("connectionId").GetString()!;
        var token = body.GetProperty("connectionToken").GetString()!;
        Assert.NotEqual(connectionId, token);
        Assert.True(ConnectionToken.TryGetNodeId(token, out var node));
        Assert.Equal("node-7", node);
        Assert.True(token.Length >= "node-7.".Length + 22, token);
        Assert.False(body.TryGetProperty("useStatefulReconnect", out _));

        var transports = body.GetProperty("availableTransports").EnumerateArray()
            .ToDictionary(t => t.GetProperty("transport").GetString()!, t => t.GetProperty("transferFormats").EnumerateArray().Select(f => f.GetString()!).ToArray());
        Assert.Equal(new[] { "WebSockets", "ServerSentEvents", "LongPolling" }, transports.Keys.ToArray());
        Assert.Equal(new[] { "Text", "Binary" }, transports["WebSockets"]);
        Assert.Equal(new[] { "Text" }, transports["ServerSentEvents"]);
        Assert.Equal(new[] { "Text", "Binary" }, transports["LongPolling"]);
    }

    [Fact]
    public async Task NoVersionMeansVersion0WhoseConnectionIdIsTheRequestId()
    {
        await using var server = await ConnectionTestServer.StartAsync();
        var (response, body) = await server.NegotiateRawAsync(string.Empty);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(0, body.GetProperty("negotiateVersion").GetInt32());
        Assert.False(body.TryGetProperty("connectionToken", out _));
        var id = body.GetProperty("connectionId").GetString()!;

        using var poll = await server.PollAsync(id);
        Assert.Equal(HttpStatusCode.OK, poll.StatusCode);
    }

    [Theory]
    [InlineData("?negotiateVersion=2")]
    [InlineData("?negotiateVersion=99")]
    public async Task VersionsAboveOneAreAnsweredWithOne(string query)
    {
        await using var server = await ConnectionTestServer.StartAsync();
        var (_, body) = await server.NegotiateRawAsync(query);
        Assert.Equal(1, body.GetProperty("negotiateVersion").GetInt32());
        Assert.True(body.TryGetProperty("connectionToken", out _));
    }

    [Theory]
    [InlineData("?negotiateVersion=abc")]
    [InlineData("?negotiateVersion=1.5")]
    [InlineData("?negotiateVersion=")]
    public async Task NonIntegerVersionIsAnErrorBodyWith200(string query)
    {
        await using var server = await ConnectionTestServer.StartAsync();
        var (response, body) = await server.NegotiateRawAsync(query);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("non-integer", body.GetProperty("error").GetString());
        Assert.False(body.TryGetProperty("connectionId", out _));
        Assert.Equal(0, server.Registry.Count);
    }

    [Fact]
    public async Task VersionBelowMinimumIsAnError()
    {
        await using var server = await ConnectionTestServer.StartAsync(o => o.MinimumNegotiateVersion = 1);
        var (_, body) = await server.NegotiateRawAsync("?negotiateVersion=0");
        Assert.Contains("does not support this version", body.GetProperty("error").GetString());

        var (_, accepted) = await server.NegotiateRawAsync("?negotiateVersion=1");
        Assert.Equal(1, accepted.GetProperty("negotiateVersion").GetInt32());
    }

    [Theory]
    [InlineData(true, "&useStatefulReconnect=true", true)]
    [InlineData(true, "", false)]
    [InlineData(true, "&useStatefulReconnect=false", false)]
    [InlineData(false, "&useStatefulReconnect=true", false)]
    public async Task StatefulReconnectOnlyWhenRequestedAndAllowed(bool allowed, string query, bool expected)
    {
        await using var server = await ConnectionTestServer.StartAsync(o => o.AllowStatefulReconnects = allowed);
        var (_, body) = await server.NegotiateRawAsync("?negotiateVersion=1" + query);
        Assert.Equal(expected, body.TryGetProperty("useStatefulReconnect", out var value) && value.GetBoolean());
        var token = body.GetProperty("connectionToken").GetString()!;
        Assert.True(server.Registry.TryGet(token, out var connection));
        Assert.Equal(expected, connection!.StatefulReconnectEnabled);
    }

    [Fact]
    public async Task OnlyConfiguredTransportsAreOffered()
    {
        await using var server = await ConnectionTestServer.StartAsync(o => o.Transports = HttpTransportType.LongPolling | HttpTransportType.ServerSentEvents);
        var (_, body) = await server.NegotiateRawAsync();
        var names = body.GetProperty("availableTransports").EnumerateArray().Select(t => t.GetProperty("transport").GetString()!).ToArray();
        Assert.Equal(new[] { "ServerSentEvents", "LongPolling" }, names);
    }

    [Fact]
    public async Task GetOnNegotiateIsMethodNotAllowed()
    {
        await using var server = await ConnectionTestServer.StartAsync();
        using var response = await server.Http.GetAsync(ConnectionTestServer.Path + "/negotiate?negotiateVersion=1");
        Assert.Equal(HttpStatusCode.MethodNotAllowed, response.StatusCode);
    }

    [Fact]
    public async Task TokensAreUniquePerNegotiate()
    {
        await using var server = await ConnectionTestServer.StartAsync();
        var tokens = new HashSet<string>();
        var ids = new HashSet<string>();
        for (var i = 0; i < 20; i++)
        {
            var (token, id) = await server.NegotiateAsync();
            Assert.True(tokens.Add(token));
            Assert.True(ids.Add(id));
        }
    }

    [Fact]
    public async Task Version1ConnectionIdIsNotAcceptedAsRequestId()
    {
        await using var server = await ConnectionTestServer.StartAsync();
        var (token, connectionId) = await server.NegotiateAsync();

        using (var poll = await server.PollAsync(connectionId))
        {
            Assert.Equal(HttpStatusCode.NotFound, poll.StatusCode);
        }

        using (var post = await server.PostAsync(connectionId, [1]))
        {
            Assert.Equal(HttpStatusCode.NotFound, post.StatusCode);
        }

        using (var delete = await server.DeleteAsync(connectionId))
        {
            Assert.Equal(HttpStatusCode.NotFound, delete.StatusCode);
        }

        using (var sse = await server.OpenEventStreamAsync(connectionId))
        {
            Assert.Equal(HttpStatusCode.NotFound, sse.StatusCode);
        }

        using var socket = new ClientWebSocket();
        socket.Options.CollectHttpResponseDetails = true;
        await Assert.ThrowsAsync<WebSocketException>(() => socket.ConnectAsync(server.WebSocketUri(connectionId), CancellationToken.None));
        Assert.Equal(HttpStatusCode.NotFound, socket.HttpStatusCode);

        // The token itself works.
        using var first = await server.PollAsync(token);
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
    }

    [Fact]
    public void NodeIdIsReadBackOnlyFromWellFormedTokens()
    {
        Assert.False(ConnectionToken.TryGetNodeId(null, out _));
        Assert.False(ConnectionToken.TryGetNodeId("", out _));
        Assert.False(ConnectionToken.TryGetNodeId("no-separator", out _));
        Assert.False(ConnectionToken.TryGetNodeId(".abc", out _));
        Assert.False(ConnectionToken.TryGetNodeId("abc.", out _));
        Assert.False(ConnectionToken.TryGetNodeId("bad node.abc", out _));
        Assert.True(ConnectionToken.TryGetNodeId("n_1-A.xyz", out var node));
        Assert.Equal("n_1-A", node);
    }

    [Fact]
    public async Task InvalidNodeIdFailsAtStartup()
    {
        await Assert.ThrowsAnyAsync<Exception>(() => ConnectionTestServer.StartAsync(server: o => o.NodeId = "not valid!"));
    }

    [Fact]
    public async Task InvalidEndpointOptionsFailWhenMapping()
    {
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => ConnectionTestServer.StartAsync(o => o.DisconnectTimeout = TimeSpan.Zero));
    }

    internal static JsonElement Parse(string json) => JsonDocument.Parse(json).RootElement.Clone();
}
