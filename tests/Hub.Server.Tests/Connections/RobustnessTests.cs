using System.Net;
using System.Net.Sockets;
using System.Net.WebSockets;
using System.Text;
using HubFramework.Server.Tests.Transports;
using static HubFramework.Server.Tests.Transports.WebSocketClient;

namespace HubFramework.Server.Tests.Connections;

public class RobustnessTests
{
    [Fact]
    public async Task GarbageRequestsAndAbandonedConnectionsLeaveTheServerServing()
    {
        await using var server = await ConnectionTestServer.StartAsync();
        var random = new Random(7);

        // Raw garbage on TCP, and a half-written upgrade request, then gone.
        for (var i = 0; i < 5; i++)
        {
            using var tcp = new TcpClient();
            await tcp.ConnectAsync(server.Host.BaseUri.Host, server.Host.BaseUri.Port);
            var junk = new byte[512];
            random.NextBytes(junk);
            await tcp.GetStream().WriteAsync(junk);
        }

        using (var tcp = new TcpClient())
        {
            await tcp.ConnectAsync(server.Host.BaseUri.Host, server.Host.BaseUri.Port);
            var partial = Encoding.ASCII.GetBytes("GET /echo HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Ver");
            await tcp.GetStream().WriteAsync(partial);
        }

        // Odd ids and queries.
        foreach (var query in new[] { "?id=", "?id=%00%01", "?id=" + new string('a', 4000), "?id=a&id=b", "?id=..." })
        {
            using var poll = await server.Http.GetAsync(ConnectionTestServer.Path + query);
            Assert.True(poll.StatusCode is HttpStatusCode.BadRequest or HttpStatusCode.NotFound, $"{query}: {poll.StatusCode}");
        }

        // A WebSocket that sends garbage frames, then vanishes mid-message.
        var socket = await ConnectAsync(server.WebSocketUri(null, "format=binary"));
        var noise = new byte[10_000];
        random.NextBytes(noise);
        await SendAsync(socket, noise, WebSocketMessageType.Binary, endOfMessage: false);
        socket.Abort();
        socket.Dispose();

        // Negotiated connections that are never used, and a POST body that stops halfway.
        for (var i = 0; i < 10; i++)
        {
            await server.NegotiateAsync();
        }

        var (id, _) = await server.NegotiateAsync();
        (await server.PollAsync(id)).Dispose();
        using (var tcp = new TcpClient())
        {
            await tcp.ConnectAsync(server.Host.BaseUri.Host, server.Host.BaseUri.Port);
            var header = Encoding.ASCII.GetBytes($"POST /echo?id={Uri.EscapeDataString(id)} HTTP/1.1\r\nHost: x\r\nContent-Length: 1000\r\n\r\nonly-a-little");
            await tcp.GetStream().WriteAsync(header);
        }

        Assert.Equal("ok", await server.Http.GetStringAsync("/health"));
        using var fresh = await ConnectAsync(server.WebSocketUri(null));
        await SendAsync(fresh, "alive"u8.ToArray());
        Assert.Equal("alive", Encoding.UTF8.GetString((await ReceiveAsync(fresh)).Payload));
    }
}
