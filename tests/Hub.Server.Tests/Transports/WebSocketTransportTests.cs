using System.Net;
using System.Net.WebSockets;
using System.Text;
using HubFramework.Protocol;
using HubFramework.Server.Connections;
using HubFramework.Server.Tests.Connections;
using static HubFramework.Server.Tests.Transports.WebSocketClient;

namespace HubFramework.Server.Tests.Transports;

public class WebSocketTransportTests
{
    [Fact]
    public async Task EchoesTextAsTextFrames()
    {
        await using var server = await ConnectionTestServer.StartAsync();
        var (id, connectionId) = await server.NegotiateAsync();
        using var socket = await ConnectAsync(server.WebSocketUri(id));

        await SendAsync(socket, "hello"u8.ToArray());
        var (type, payload) = await ReceiveAsync(socket);
        Assert.Equal(WebSocketMessageType.Text, type);
        Assert.Equal("hello", Encoding.UTF8.GetString(payload));

        var connection = await server.Handler.FirstConnected.WaitAsync(Bound);
        Assert.Equal(connectionId, connection.ConnectionId);
        Assert.Equal(HttpTransportType.WebSockets, connection.TransportType);
        Assert.False(connection.HasInherentKeepAlive);
    }

    [Fact]
    public async Task EchoesBinaryAsBinaryFramesWhenTheFormatIsBinary()
    {
        await using var server = await ConnectionTestServer.StartAsync();
        var (id, _) = await server.NegotiateAsync();
        using var socket = await ConnectAsync(server.WebSocketUri(id, "&format=binary"));

        var payload = Enumerable.Range(0, 256).Select(i => (byte)i).ToArray();
        await SendAsync(socket, payload, WebSocketMessageType.Binary);
        using var received = new MemoryStream();
        while (received.Length < payload.Length)
        {
            var (type, part) = await ReceiveAsync(socket);
            Assert.Equal(WebSocketMessageType.Binary, type);
            received.Write(part);
        }

        Assert.Equal(payload, received.ToArray());
    }

    [Fact]
    public async Task BinaryFramesCarryTheBinaryFormat()
    {
        await using var server = await ConnectionTestServer.StartAsync();
        using var socket = await ConnectAsync(server.WebSocketUri(null, "format=binary"));
        await SendAsync(socket, new byte[] { 0, 255, 1 }, WebSocketMessageType.Binary);
        var (type, payload) = await ReceiveAsync(socket);
        Assert.Equal(WebSocketMessageType.Binary, type);
        Assert.Equal(new byte[] { 0, 255, 1 }, payload);
    }

    [Fact]
    public async Task ConnectsWithoutNegotiate()
    {
        await using var server = await ConnectionTestServer.StartAsync();
        using var socket = await ConnectAsync(server.WebSocketUri(null));
        await SendAsync(socket, "direct"u8.ToArray());
        var (_, payload) = await ReceiveAsync(socket);
        Assert.Equal("direct", Encoding.UTF8.GetString(payload));
        var connection = await server.Handler.FirstConnected.WaitAsync(Bound);
        Assert.False(string.IsNullOrEmpty(connection.ConnectionId));
        Assert.False(connection.StatefulReconnectEnabled);
    }

    [Fact]
    public async Task EmptyAndLargeMessagesAreHandled()
    {
        await using var server = await ConnectionTestServer.StartAsync();
        using var socket = await ConnectAsync(server.WebSocketUri(null, "format=binary"));

        await SendAsync(socket, ReadOnlyMemory<byte>.Empty, WebSocketMessageType.Binary);
        var large = new byte[1024 * 1024];
        new Random(42).NextBytes(large);
        var sending = SendAsync(socket, large, WebSocketMessageType.Binary);
        var received = await ReceiveBytesAsync(socket, large.Length);
        await sending;
        Assert.Equal(large, received);
    }

    [Fact]
    public async Task FragmentedMessagesAreDelivered()
    {
        await using var server = await ConnectionTestServer.StartAsync();
        using var socket = await ConnectAsync(server.WebSocketUri(null));
        await SendAsync(socket, "frag"u8.ToArray(), endOfMessage: false);
        await SendAsync(socket, "ment"u8.ToArray(), endOfMessage: true);
        var text = Encoding.UTF8.GetString(await ReceiveBytesAsync(socket, 8));
        Assert.Equal("fragment", text);
    }

    [Fact]
    public async Task ClientCloseIsAnsweredAndEndsTheConnection()
    {
        await using var server = await ConnectionTestServer.StartAsync();
        var (id, connectionId) = await server.NegotiateAsync();
        using var socket = await ConnectAsync(server.WebSocketUri(id));
        await SendAsync(socket, "x"u8.ToArray());
        await ReceiveAsync(socket);

        using var cts = new CancellationTokenSource(Bound);
        await socket.CloseAsync(WebSocketCloseStatus.NormalClosure, null, cts.Token);
        Assert.Equal(WebSocketState.Closed, socket.State);
        Assert.Equal(WebSocketCloseStatus.NormalClosure, socket.CloseStatus);

        await server.Handler.WhenEndedAsync(connectionId);
        await server.WaitUntilGoneAsync(id);
    }

    [Fact]
    public async Task ApplicationEndSendsPendingBytesThenNormalClosure()
    {
        var handler = new TestConnectionHandler(async connection =>
        {
            await TestConnectionHandler.SendAsync(connection, "last words"u8.ToArray());
        });
        await using var server = await ConnectionTestServer.StartAsync(handler: handler);
        var (id, _) = await server.NegotiateAsync();
        using var socket = await ConnectAsync(server.WebSocketUri(id));

        var (type, payload) = await ReceiveAsync(socket);
        Assert.Equal(WebSocketMessageType.Text, type);
        Assert.Equal("last words", Encoding.UTF8.GetString(payload));
        Assert.Equal(WebSocketCloseStatus.NormalClosure, await ReceiveCloseAsync(socket));
        await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, CancellationToken.None);
        await server.WaitUntilGoneAsync(id);
    }

    [Fact]
    public async Task ApplicationFailureClosesWithInternalServerError()
    {
        var handler = new TestConnectionHandler(_ => throw new InvalidOperationException("boom"));
        await using var server = await ConnectionTestServer.StartAsync(handler: handler);
        using var socket = await ConnectAsync(server.WebSocketUri(null));
        Assert.Equal(WebSocketCloseStatus.InternalServerError, await ReceiveCloseAsync(socket));
    }

    [Fact]
    public async Task AbortedSocketWithoutStatefulReconnectEndsTheConnectionAtOnce()
    {
        await using var server = await ConnectionTestServer.StartAsync(o => o.DisconnectTimeout = TimeSpan.FromMinutes(5));
        var (id, connectionId) = await server.NegotiateAsync();
        var socket = await ConnectAsync(server.WebSocketUri(id));
        await SendAsync(socket, "x"u8.ToArray());
        await ReceiveAsync(socket);
        var connection = await server.Handler.FirstConnected.WaitAsync(Bound);

        socket.Abort();
        socket.Dispose();

        await server.Handler.WhenEndedAsync(connectionId);
        Assert.True(connection.ConnectionClosed.IsCancellationRequested);
        await server.WaitUntilGoneAsync(id);
    }

    [Fact]
    public async Task StatusCodes()
    {
        await using var server = await ConnectionTestServer.StartAsync();

        // Unknown id.
        await AssertUpgradeRejectedAsync(server.WebSocketUri("missing.token"), HttpStatusCode.NotFound);

        // Second socket on a connection that already has one.
        var (id, _) = await server.NegotiateAsync();
        using var first = await ConnectAsync(server.WebSocketUri(id));
        await AssertUpgradeRejectedAsync(server.WebSocketUri(id), HttpStatusCode.Conflict);

        // POST to a WebSocket connection.
        using (var post = await server.PostAsync(id, [1]))
        {
            Assert.Equal(HttpStatusCode.MethodNotAllowed, post.StatusCode);
        }

        // DELETE is for long polling only.
        using (var delete = await server.DeleteAsync(id))
        {
            Assert.Equal(HttpStatusCode.BadRequest, delete.StatusCode);
        }

        // A long-polling connection cannot become a WebSocket one.
        var (polling, _) = await server.NegotiateAsync();
        (await server.PollAsync(polling)).Dispose();
        await AssertUpgradeRejectedAsync(server.WebSocketUri(polling), HttpStatusCode.BadRequest);

        // The first socket is unaffected.
        await SendAsync(first, "ok"u8.ToArray());
        Assert.Equal("ok", Encoding.UTF8.GetString((await ReceiveAsync(first)).Payload));
    }

    [Fact]
    public async Task DisabledWebSocketsIs404()
    {
        await using var server = await ConnectionTestServer.StartAsync(o => o.Transports = HttpTransportType.LongPolling);
        await AssertUpgradeRejectedAsync(server.WebSocketUri(null), HttpStatusCode.NotFound);
        var (id, _) = await server.NegotiateAsync();
        await AssertUpgradeRejectedAsync(server.WebSocketUri(id), HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task SubProtocolSelectorChoosesTheAcceptedProtocol()
    {
        await using var server = await ConnectionTestServer.StartAsync(o => o.WebSockets.SubProtocolSelector = requested => requested.FirstOrDefault(p => p == "b"));
        using var socket = new ClientWebSocket();
        socket.Options.AddSubProtocol("a");
        socket.Options.AddSubProtocol("b");
        using var cts = new CancellationTokenSource(Bound);
        await socket.ConnectAsync(server.WebSocketUri(null), cts.Token);
        Assert.Equal("b", socket.SubProtocol);
    }

    [Fact]
    public async Task AccessTokenQueryDoesNotDisturbTheTransport()
    {
        await using var server = await ConnectionTestServer.StartAsync();
        var (id, _) = await server.NegotiateAsync();
        using var socket = await ConnectAsync(server.WebSocketUri(id, "&access_token=abc.def"));
        await SendAsync(socket, "t"u8.ToArray());
        Assert.Equal("t", Encoding.UTF8.GetString((await ReceiveAsync(socket)).Payload));
        var connection = await server.Handler.FirstConnected.WaitAsync(Bound);
        Assert.Equal("abc.def", connection.HttpContext!.Request.Query["access_token"].ToString());
    }

    [Fact]
    public async Task SendTimeoutClosesAConnectionWhoseClientStoppedReading()
    {
        // The application floods; the client never reads. The bounded send must end the connection.
        var handler = new TestConnectionHandler(async connection =>
        {
            var chunk = new byte[64 * 1024];
            while (!connection.ConnectionClosed.IsCancellationRequested)
            {
                var flushed = await connection.Transport.Output.WriteAsync(chunk);
                if (flushed.IsCompleted)
                {
                    return;
                }
            }
        });
        await using var server = await ConnectionTestServer.StartAsync(o => o.TransportSendTimeout = TimeSpan.FromMilliseconds(300), handler);
        var (id, connectionId) = await server.NegotiateAsync();
        using var socket = await ConnectAsync(server.WebSocketUri(id, "&format=binary"));
        await server.Handler.WhenEndedAsync(connectionId);
        await server.WaitUntilGoneAsync(id);
    }

    internal static async Task AssertUpgradeRejectedAsync(Uri uri, HttpStatusCode expected)
    {
        using var socket = new ClientWebSocket();
        socket.Options.CollectHttpResponseDetails = true;
        using var cts = new CancellationTokenSource(Bound);
        await Assert.ThrowsAsync<WebSocketException>(() => socket.ConnectAsync(uri, cts.Token));
        Assert.Equal(expected, socket.HttpStatusCode);
    }
}
