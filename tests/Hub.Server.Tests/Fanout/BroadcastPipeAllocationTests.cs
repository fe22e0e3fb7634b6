using System.Net.WebSockets;
using System.Text;
using HubFramework.Server.Hubs;
using HubFramework.Server.Tests.Hubs;
using HubFramework.Server.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace HubFramework.Server.Tests.Fanout;

/// <summary>
/// A broadcast to many idle WebSocket connections over real Kestrel must not allocate a fresh pipe buffer per connection:
/// the connections' pipes rent from a pool that keeps returned blocks (Kestrel's), not from the shared array pool,
/// which keeps only a few buffers of a size.
/// Counts the whole process's allocations (the server's work happens on other threads), so it runs alone and keeps the
/// quietest of several rounds.
/// </summary>
[Collection(ProcessAllocationCollection.Name)]
public class BroadcastPipeAllocationTests
{
    private const int Connections = 200;
    private const int WarmUpRounds = 3;
    private const int MeasuredRounds = 5;
    private static readonly byte[] Handshake = Encoding.UTF8.GetBytes("{\"protocol\":\"json\",\"version\":1}\u001e");

    [Fact]
    public async Task BroadcastToIdleConnectionsReusesPipeBuffers()
    {
        await using var host = await HubKestrelServer.StartAsync(o =>
        {
            o.KeepAliveInterval = Timeout.InfiniteTimeSpan;
            o.ClientTimeoutInterval = Timeout.InfiniteTimeSpan;
        });
        var hub = host.Services.GetRequiredService<IHubContext<TestHub>>();
        var sockets = new ClientWebSocket[Connections];
        var buffer = new byte[16 * 1024];
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        try
        {
            for (var i = 0; i < Connections; i++)
            {
                sockets[i] = new ClientWebSocket();
                await sockets[i].ConnectAsync(host.WebSocketUrl(HubKestrelServer.TestPath), timeout.Token);
                await sockets[i].SendAsync(Handshake, WebSocketMessageType.Text, endOfMessage: true, timeout.Token);
                await ReceiveRecordAsync(sockets[i], buffer, timeout.Token);
            }

            var payload = new string('x', 200);
            for (var round = 0; round < WarmUpRounds; round++)
            {
                await BroadcastAndReceiveAsync(hub, payload, sockets, buffer, timeout.Token);
            }

            var perRound = long.MaxValue;
            for (var round = 0; round < MeasuredRounds; round++)
            {
                var before = GC.GetTotalAllocatedBytes(precise: true);
                await BroadcastAndReceiveAsync(hub, payload, sockets, buffer, timeout.Token);
                perRound = Math.Min(perRound, GC.GetTotalAllocatedBytes(precise: true) - before);
            }

            // A 4 KB pipe block per connection would be 800 KB a round (about 500 KB measured with the shared pool);
            // everything else (frames, state machines, the client side) is about 1 KB per connection.
            Assert.True(perRound < Connections * 1536, $"A broadcast to {Connections} connections allocated {perRound:N0} bytes.");
        }
        finally
        {
            foreach (var socket in sockets)
            {
                socket?.Abort();
                socket?.Dispose();
            }
        }
    }

    private static async Task BroadcastAndReceiveAsync(IHubContext<TestHub> hub, string payload, ClientWebSocket[] sockets, byte[] buffer, CancellationToken cancellationToken)
    {
        await hub.Clients.All.SendAsync("tick", payload, cancellationToken);
        foreach (var socket in sockets)
        {
            await ReceiveRecordAsync(socket, buffer, cancellationToken);
        }
    }

    private static async Task ReceiveRecordAsync(ClientWebSocket socket, byte[] buffer, CancellationToken cancellationToken)
    {
        var count = 0;
        while (true)
        {
            var result = await socket.ReceiveAsync(buffer.AsMemory(count), cancellationToken);
            Assert.NotEqual(WebSocketMessageType.Close, result.MessageType);
            count += result.Count;
            if (result.EndOfMessage)
            {
                Assert.Equal(0x1e, buffer[count - 1]);
                return;
            }
        }
    }
}
