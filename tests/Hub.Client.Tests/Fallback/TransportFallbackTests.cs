using Microsoft.Extensions.Logging;
using HubFramework.Protocol;
using HttpTransports = Microsoft.AspNetCore.Http.Connections.HttpTransportType;

namespace HubFramework.Client.Tests.Fallback;

/// <summary>
/// Transport selection against Microsoft's SignalR configured to refuse some transports: the client must end up on
/// the right one every time and say why it skipped the others.
/// </summary>
public sealed class TransportFallbackTests
{
    [Fact]
    public async Task ServerOfferingOnlyLongPollingIsReachedWithLongPolling()
    {
        await using var server = await MicrosoftSignalRApp.StartAsync(o => o.Transports = HttpTransports.LongPolling);
        var logs = new CollectingLoggerProvider();
        await using var connection = new HubConnectionBuilder()
            .WithUrl(server.HubUrl)
            .ConfigureLogging(l => l.AddProvider(logs))
            .Build();

        await Wait.For(connection.StartAsync());

        Assert.Equal(HttpTransportType.LongPolling, connection.TransportType);
        Assert.Collection(
            connection.SkippedTransports,
            s => Assert.Equal((HttpTransportType.WebSockets, "not offered by the server"), (s.Transport, s.Reason)),
            s => Assert.Equal((HttpTransportType.ServerSentEvents, "not offered by the server"), (s.Transport, s.Reason)));
        Assert.Contains(logs.Entries, e => e.EventId.Name == "TransportSkipped" && e.Message.Contains("WebSockets: not offered by the server"));
        Assert.Equal("over LP", await connection.InvokeAsync<string>("Echo", "over LP"));

        // Negotiate v1: requests carry the connection token, never the public connection id.
        var pollIds = server.Requests.Where(r => r.Path == "/hub" && r.Method is "GET" or "POST").Select(r => r.Id).Distinct().ToArray();
        Assert.Single(pollIds);
        Assert.NotEqual(connection.ConnectionId, pollIds[0]);
        Assert.False(string.IsNullOrEmpty(pollIds[0]));
    }

    [Fact]
    public async Task WebSocketUpgradeFailingAtHttpLevelFallsBackToServerSentEvents()
    {
        await using var server = await MicrosoftSignalRApp.StartAsync(stripWebSocketUpgrade: true);
        await using var connection = new HubConnectionBuilder().WithUrl(server.HubUrl).Build();

        await Wait.For(connection.StartAsync());

        Assert.Equal(HttpTransportType.ServerSentEvents, connection.TransportType);
        var skipped = Assert.Single(connection.SkippedTransports);
        Assert.Equal(HttpTransportType.WebSockets, skipped.Transport);
        Assert.StartsWith("failed to connect: The WebSocket upgrade was refused", skipped.Reason);
        Assert.NotNull(skipped.Error);
        Assert.Equal("over SSE", await connection.InvokeAsync<string>("Echo", "over SSE"));
        Assert.Contains(server.Requests, r => r.Upgrade == "websocket");
    }

    [Fact]
    public async Task WithServerSentEventsDisabledAndNoWebSocketsLongPollingIsUsed()
    {
        await using var server = await MicrosoftSignalRApp.StartAsync(
            o => o.Transports = HttpTransports.WebSockets | HttpTransports.LongPolling, stripWebSocketUpgrade: true);
        await using var connection = new HubConnectionBuilder().WithUrl(server.HubUrl).Build();

        await Wait.For(connection.StartAsync());

        Assert.Equal(HttpTransportType.LongPolling, connection.TransportType);
        Assert.Collection(
            connection.SkippedTransports,
            s =>
            {
                Assert.Equal(HttpTransportType.WebSockets, s.Transport);
                Assert.StartsWith("failed to connect:", s.Reason);
            },
            s => Assert.Equal((HttpTransportType.ServerSentEvents, "not offered by the server"), (s.Transport, s.Reason)));
        Assert.Equal("over LP", await connection.InvokeAsync<string>("Echo", "over LP"));
    }

    [Fact]
    public async Task NoUsableTransportFailsWithOneErrorListingEveryReason()
    {
        await using var server = await MicrosoftSignalRApp.StartAsync(
            o => o.Transports = HttpTransports.WebSockets | HttpTransports.ServerSentEvents, stripWebSocketUpgrade: true);
        await using var connection = new HubConnectionBuilder()
            .WithUrl(server.HubUrl, HttpTransportType.WebSockets | HttpTransportType.LongPolling, null)
            .Build();

        var error = await Assert.ThrowsAsync<TransportFallbackException>(() => Wait.For(connection.StartAsync()));

        Assert.Equal(
            [HttpTransportType.WebSockets, HttpTransportType.ServerSentEvents, HttpTransportType.LongPolling],
            error.Skipped.Select(s => s.Transport));
        Assert.StartsWith("failed to connect:", error.Skipped[0].Reason);
        Assert.Equal("not enabled in the client's HttpConnectionOptions.Transports", error.Skipped[1].Reason);
        Assert.Equal("not offered by the server", error.Skipped[2].Reason);
        Assert.Contains("WebSockets: failed to connect", error.Message);
        Assert.Contains("LongPolling: not offered by the server", error.Message);
        Assert.Equal(HubConnectionState.Disconnected, connection.State);
    }

    [Fact]
    public async Task BinaryProtocolSkipsServerSentEvents()
    {
        await using var server = await MicrosoftSignalRApp.StartAsync(
            o => o.Transports = HttpTransports.ServerSentEvents | HttpTransports.LongPolling, stripWebSocketUpgrade: true);
        await using var onlySse = new HubConnectionBuilder()
            .WithUrl(server.HubUrl, HttpTransportType.ServerSentEvents, null)
            .AddMessagePackProtocol()
            .Build();

        var error = await Assert.ThrowsAsync<TransportFallbackException>(() => Wait.For(onlySse.StartAsync()));
        Assert.Contains(
            error.Skipped,
            s => s.Transport == HttpTransportType.ServerSentEvents && s.Reason == "it does not support the Binary transfer format the hub protocol needs");

        // With long polling allowed the transport is found; this server lacks MessagePack, which the handshake reports.
        await using var withLongPolling = new HubConnectionBuilder().WithUrl(server.HubUrl).AddMessagePackProtocol().Build();
        var refused = await Assert.ThrowsAsync<HubException>(() => Wait.For(withLongPolling.StartAsync()));
        Assert.Contains("The protocol 'messagepack' is not supported.", refused.Message);
    }

    [Fact]
    public async Task SkipNegotiationConnectsTheWebSocketDirectly()
    {
        await using var server = await MicrosoftSignalRApp.StartAsync();
        await using var connection = new HubConnectionBuilder()
            .WithUrl(server.HubUrl, HttpTransportType.WebSockets, o => o.SkipNegotiation = true)
            .Build();

        await Wait.For(connection.StartAsync());

        Assert.Equal(HttpTransportType.WebSockets, connection.TransportType);
        Assert.Null(connection.ConnectionId);
        Assert.DoesNotContain(server.Requests, r => r.Path.EndsWith("/negotiate", StringComparison.Ordinal));
        Assert.Equal("direct", await connection.InvokeAsync<string>("Echo", "direct"));
    }

    [Fact]
    public async Task SkipNegotiationWithOtherTransportsIsRefused()
    {
        await using var connection = new HubConnectionBuilder()
            .WithUrl(new Uri("http://127.0.0.1:9/hub"), HttpTransportType.All, o => o.SkipNegotiation = true)
            .Build();

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => Wait.For(connection.StartAsync()));
        Assert.Contains("Negotiation can only be skipped", error.Message);
    }

    [Theory]
    [InlineData(HttpTransportType.WebSockets)]
    [InlineData(HttpTransportType.ServerSentEvents)]
    [InlineData(HttpTransportType.LongPolling)]
    public async Task HeadersCookiesAndHandlerFactoryApplyToEveryRequest(HttpTransportType transport)
    {
        await using var server = await MicrosoftSignalRApp.StartAsync();
        var handled = 0;
        var webSocketConfigured = false;
        await using var connection = new HubConnectionBuilder()
            .WithUrl(server.HubUrl, transport, o =>
            {
                o.Headers["X-Test"] = "header-value";
                o.Cookies.Add(server.HubUrl, new System.Net.Cookie("test-cookie", "cookie-value"));
                o.HttpMessageHandlerFactory = inner => new CountingHandler(inner, () => Interlocked.Increment(ref handled));
                o.WebSocketConfiguration = _ => webSocketConfigured = true;
            })
            .Build();

        await Wait.For(connection.StartAsync());
        Assert.Equal("x", await connection.InvokeAsync<string>("Echo", "x"));

        var requests = server.Requests.ToArray();
        Assert.NotEmpty(requests);
        Assert.All(requests, r => Assert.Equal(("header-value", "cookie-value"), (r.TestHeader, r.Cookie)));
        Assert.True(handled >= 2, $"the handler saw {handled} requests");
        Assert.Equal(transport == HttpTransportType.WebSockets, webSocketConfigured);
    }

    private sealed class CountingHandler(HttpMessageHandler inner, Action onRequest) : DelegatingHandler(inner)
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            onRequest();
            return base.SendAsync(request, cancellationToken);
        }
    }
}
