using System.Net;
using System.Net.WebSockets;
using System.Text;
using HubFramework.Server.Connections;
using HubFramework.Server.Tests.Connections;
using static HubFramework.Server.Tests.Transports.WebSocketClient;

namespace HubFramework.Server.Tests.Transports;

public class StatefulReconnectTests
{
    private const string StatefulQuery = "?negotiateVersion=1&useStatefulReconnect=true";

    /// <summary>Echo, plus a reconnect callback that writes "replay:" before anything else on the new socket.</summary>
    private static TestConnectionHandler ReplayingEcho(Action<ClientConnection>? onStart = null) => new(async connection =>
    {
        connection.OnReconnected(async writer => await writer.WriteAsync("replay:"u8.ToArray()));
        onStart?.Invoke(connection);
        await TestConnectionHandler.EchoAsync(connection);
    });

    [Fact]
    public async Task NewSocketWithTheSameTokenReattachesAndGetsOnlyTheReplayedBytes()
    {
        var handler = ReplayingEcho();
        await using var server = await ConnectionTestServer.StartAsync(o => o.AllowStatefulReconnects = true, handler);
        var (id, connectionId) = await server.NegotiateAsync(StatefulQuery);

        var first = await ConnectAsync(server.WebSocketUri(id, "&tag=first"));
        await SendAsync(first, "one"u8.ToArray());
        Assert.Equal("one", Encoding.UTF8.GetString((await ReceiveAsync(first)).Payload));
        var connection = await handler.FirstConnected.WaitAsync(Bound);
        Assert.True(connection.StatefulReconnectEnabled);

        first.Abort();
        first.Dispose();
        await WaitUntilNoTransportAsync(server, id);

        // The dead socket's request is gone; the application still reads a copy of it.
        Assert.Equal("first", connection.HttpContext!.Request.Query["tag"].ToString());

        // Written while the client is away: stale, must not reach the new socket (the replay covers it).
        await TestConnectionHandler.SendAsync(connection, "stale"u8.ToArray());

        using var second = await ConnectAsync(server.WebSocketUri(id));
        var (_, replay) = await ReceiveAsync(second);
        Assert.Equal("replay:", Encoding.UTF8.GetString(replay));

        await SendAsync(second, "two"u8.ToArray());
        Assert.Equal("two", Encoding.UTF8.GetString((await ReceiveAsync(second)).Payload));

        Assert.Single(handler.Connections);
        Assert.Equal(connectionId, connection.ConnectionId);
        Assert.False(connection.ConnectionClosed.IsCancellationRequested);
    }

    [Fact]
    public async Task NewSocketTakesOverAStillOpenOne()
    {
        var handler = ReplayingEcho();
        await using var server = await ConnectionTestServer.StartAsync(o => o.AllowStatefulReconnects = true, handler);
        var (id, _) = await server.NegotiateAsync(StatefulQuery);
        using var first = await ConnectAsync(server.WebSocketUri(id));
        await SendAsync(first, "a"u8.ToArray());
        await ReceiveAsync(first);

        using var second = await ConnectAsync(server.WebSocketUri(id));
        Assert.Equal("replay:", Encoding.UTF8.GetString((await ReceiveAsync(second)).Payload));
        await SendAsync(second, "b"u8.ToArray());
        Assert.Equal("b", Encoding.UTF8.GetString((await ReceiveAsync(second)).Payload));

        // The old socket was cut off.
        await Assert.ThrowsAnyAsync<Exception>(async () =>
        {
            var (type, _) = await ReceiveAsync(first);
            if (type == WebSocketMessageType.Close)
            {
                throw new WebSocketException("closed");
            }
        });
    }

    [Fact]
    public async Task HalfAMessageFromADeadSocketIsNeverDelivered()
    {
        var handler = ReplayingEcho();
        await using var server = await ConnectionTestServer.StartAsync(o => o.AllowStatefulReconnects = true, handler);
        var (id, _) = await server.NegotiateAsync(StatefulQuery);

        var first = await ConnectAsync(server.WebSocketUri(id));
        await SendAsync(first, "partial-"u8.ToArray(), endOfMessage: false);
        await Task.Delay(100);
        first.Abort();
        first.Dispose();
        await WaitUntilNoTransportAsync(server, id);

        using var second = await ConnectAsync(server.WebSocketUri(id));
        Assert.Equal("replay:", Encoding.UTF8.GetString((await ReceiveAsync(second)).Payload));
        await SendAsync(second, "whole"u8.ToArray());
        Assert.Equal("whole", Encoding.UTF8.GetString((await ReceiveAsync(second)).Payload));
    }

    [Fact]
    public async Task OversizeMessageClosesWithMessageTooBig()
    {
        await using var server = await ConnectionTestServer.StartAsync(o =>
        {
            o.AllowStatefulReconnects = true;
            o.TransportMaxBufferSize = 1024;
        }, ReplayingEcho());
        var (id, _) = await server.NegotiateAsync(StatefulQuery);
        using var socket = await ConnectAsync(server.WebSocketUri(id));

        // Exactly at the limit is fine; one byte over is not.
        await SendAsync(socket, new byte[1024], WebSocketMessageType.Binary);
        Assert.Equal(1024, (await ReceiveBytesAsync(socket, 1024)).Length);

        try
        {
            await SendAsync(socket, new byte[1025], WebSocketMessageType.Binary);
        }
        catch (WebSocketException)
        {
            // The server may close before the whole message is out.
        }

        Assert.Equal(WebSocketCloseStatus.MessageTooBig, await ReceiveCloseAsync(socket));
        await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, CancellationToken.None);
        await server.WaitUntilGoneAsync(id);
    }

    [Fact]
    public async Task ConnectionEndsWhenNoSocketComesBackInTime()
    {
        var handler = ReplayingEcho();
        await using var server = await ConnectionTestServer.StartAsync(o =>
        {
            o.AllowStatefulReconnects = true;
            o.DisconnectTimeout = TimeSpan.FromMilliseconds(300);
        }, handler);
        var (id, connectionId) = await server.NegotiateAsync(StatefulQuery);
        var socket = await ConnectAsync(server.WebSocketUri(id));
        await SendAsync(socket, "x"u8.ToArray());
        await ReceiveAsync(socket);
        socket.Abort();
        socket.Dispose();

        await handler.WhenEndedAsync(connectionId);
        await server.WaitUntilGoneAsync(id);
        await WebSocketTransportTests.AssertUpgradeRejectedAsync(server.WebSocketUri(id), HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task ClientCloseEndsTheConnectionEvenWithStatefulReconnect()
    {
        var handler = ReplayingEcho();
        await using var server = await ConnectionTestServer.StartAsync(o => o.AllowStatefulReconnects = true, handler);
        var (id, connectionId) = await server.NegotiateAsync(StatefulQuery);
        using var socket = await ConnectAsync(server.WebSocketUri(id));
        using var cts = new CancellationTokenSource(Bound);
        await socket.CloseAsync(WebSocketCloseStatus.NormalClosure, null, cts.Token);
        await handler.WhenEndedAsync(connectionId);
        await server.WaitUntilGoneAsync(id);
    }

    [Fact]
    public async Task DisableReconnectRefusesANewSocket()
    {
        // FirstConnected fires before the handler body runs: wait for DisableReconnect itself.
        var disabled = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var handler = ReplayingEcho(connection =>
        {
            connection.DisableReconnect();
            disabled.TrySetResult();
        });
        await using var server = await ConnectionTestServer.StartAsync(o => o.AllowStatefulReconnects = true, handler);
        var (id, _) = await server.NegotiateAsync(StatefulQuery);
        using var first = await ConnectAsync(server.WebSocketUri(id));
        await disabled.Task.WaitAsync(Bound);
        await WebSocketTransportTests.AssertUpgradeRejectedAsync(server.WebSocketUri(id), HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task WithoutStatefulReconnectASecondSocketIsRefused()
    {
        await using var server = await ConnectionTestServer.StartAsync(o => o.AllowStatefulReconnects = true);
        var (id, _) = await server.NegotiateAsync();
        using var first = await ConnectAsync(server.WebSocketUri(id));
        await WebSocketTransportTests.AssertUpgradeRejectedAsync(server.WebSocketUri(id), HttpStatusCode.Conflict);
    }

    private static async Task WaitUntilNoTransportAsync(ConnectionTestServer server, string id)
    {
        Assert.True(server.Registry.TryGet(id, out var connection));
        var deadline = DateTime.UtcNow + Bound;
        while (connection!.HasActiveTransport)
        {
            Assert.True(DateTime.UtcNow < deadline, "The dead socket was never noticed.");
            await Task.Delay(10);
        }
    }
}
