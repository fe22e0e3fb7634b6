using System.Diagnostics;
using System.Net;
using System.Net.WebSockets;
using System.Text;
using HubFramework.Server.Tests.Transports;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using static HubFramework.Server.Tests.Transports.WebSocketClient;

namespace HubFramework.Server.Tests.Connections;

public class ShutdownTests
{
    [Fact]
    public async Task StoppingClosesOpenConnectionsGracefullyAndPromptly()
    {
        var server = await ConnectionTestServer.StartAsync(server: o => o.ShutdownTimeout = TimeSpan.FromSeconds(1));
        try
        {
            var (wsId, _) = await server.NegotiateAsync();
            using var socket = await ConnectAsync(server.WebSocketUri(wsId));
            await SendAsync(socket, "x"u8.ToArray());
            await ReceiveAsync(socket);

            var (sseId, _) = await server.NegotiateAsync();
            using var sse = await server.OpenEventStreamAsync(sseId).WaitAsync(Bound);
            var sseBody = await sse.Content.ReadAsStreamAsync();

            var (lpId, _) = await server.NegotiateAsync();
            (await server.PollAsync(lpId)).Dispose();
            var pendingPoll = server.PollAsync(lpId);

            var (idleId, _) = await server.NegotiateAsync();

            // The client answers the server's close like a real one would.
            var closed = Task.Run(async () =>
            {
                var status = await ReceiveCloseAsync(socket);
                await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, CancellationToken.None);
                return status;
            });

            var stopwatch = Stopwatch.StartNew();
            await server.Host.StopAsync().WaitAsync(TimeSpan.FromSeconds(20));
            stopwatch.Stop();

            // Bounded, not a performance figure: the 1 s grace plus slack, far below the host's own 5 s limit.
            Assert.True(stopwatch.Elapsed < TimeSpan.FromSeconds(4), $"Shutdown took {stopwatch.Elapsed}.");
            Assert.Equal(WebSocketCloseStatus.NormalClosure, await closed.WaitAsync(Bound));

            using (var poll = await pendingPoll.WaitAsync(Bound))
            {
                Assert.Equal(HttpStatusCode.NoContent, poll.StatusCode);
            }

            using var cts = new CancellationTokenSource(Bound);
            var rest = await new StreamReader(sseBody).ReadToEndAsync(cts.Token);
            Assert.StartsWith(":", rest);
            Assert.Equal(0, server.Registry.Count);
            _ = idleId;
        }
        finally
        {
            await server.DisposeAsync();
        }
    }

    [Fact]
    public async Task ApplicationsThatIgnoreShutdownAreAbortedAfterTheGracePeriod()
    {
        var handler = new TestConnectionHandler(async connection =>
        {
            // Ignores the end of its input; only the connection's end stops it.
            try
            {
                await Task.Delay(Timeout.Infinite, connection.ConnectionClosed);
            }
            catch (OperationCanceledException)
            {
            }
        });
        var server = await ConnectionTestServer.StartAsync(handler: handler, server: o => o.ShutdownTimeout = TimeSpan.FromMilliseconds(500));
        try
        {
            var (id, connectionId) = await server.NegotiateAsync();
            using var socket = await ConnectAsync(server.WebSocketUri(id));
            await handler.FirstConnected.WaitAsync(Bound);

            await server.Host.StopAsync().WaitAsync(TimeSpan.FromSeconds(20));
            await handler.WhenEndedAsync(connectionId);
            Assert.Equal(0, server.Registry.Count);
        }
        finally
        {
            await server.DisposeAsync();
        }
    }

    [Fact]
    public async Task ApplicationsWatchingStoppingSayGoodbyeBeforeTheirInputEnds()
    {
        var inputEndedFirst = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
        TestConnectionHandler? handler = null;
        var server = await ConnectionTestServer.StartAsync(
            handler: handler = new TestConnectionHandler(async connection =>
            {
                var stopping = connection.HttpContext!.RequestServices.GetRequiredService<IHostApplicationLifetime>().ApplicationStopping;
                try
                {
                    await Task.Delay(Timeout.Infinite, stopping);
                }
                catch (OperationCanceledException)
                {
                }

                inputEndedFirst.TrySetResult(connection.Transport.Input.TryRead(out var read) && read.IsCompleted);
                await TestConnectionHandler.SendAsync(connection, "goodbye"u8.ToArray());
            }),
            server: o => o.ShutdownTimeout = TimeSpan.FromSeconds(2));
        try
        {
            using var socket = await ConnectAsync(server.WebSocketUri(null));
            await handler.FirstConnected.WaitAsync(Bound);
            var received = Task.Run(async () =>
            {
                var (_, payload) = await ReceiveAsync(socket);
                var status = await ReceiveCloseAsync(socket);
                await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, CancellationToken.None);
                return (Encoding.UTF8.GetString(payload), status);
            });

            await server.Host.StopAsync().WaitAsync(TimeSpan.FromSeconds(20));
            Assert.False(await inputEndedFirst.Task.WaitAsync(Bound));
            Assert.Equal(("goodbye", (WebSocketCloseStatus?)WebSocketCloseStatus.NormalClosure), await received.WaitAsync(Bound));
        }
        finally
        {
            await server.DisposeAsync();
        }
    }
}
