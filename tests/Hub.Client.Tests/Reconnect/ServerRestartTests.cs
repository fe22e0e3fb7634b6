using Microsoft.Extensions.Logging;
using System.Collections.Concurrent;
using HubFramework.Protocol;

namespace HubFramework.Client.Tests.Reconnect;

/// <summary>
/// Automatic reconnect when the server process (Microsoft's or ours) is killed and started again on the same port:
/// backoff is observed, pending calls fail clearly, handlers keep working, and the connection id is new.
/// </summary>
public sealed class ServerRestartTests(Xunit.Abstractions.ITestOutputHelper output)
{
    [Theory]
    [InlineData("Hub.ReferenceServer", HttpTransportType.WebSockets)]
    [InlineData("Hub.ReferenceServer", HttpTransportType.LongPolling)]
    [InlineData("Hub.InteropServer", HttpTransportType.WebSockets)]
    [InlineData("Hub.InteropServer", HttpTransportType.ServerSentEvents)]
    public async Task ReconnectsAfterTheServerProcessRestarts(string project, HttpTransportType transport)
    {
        var server = await ServerProcess.StartAsync(project);
        try
        {
            var policy = new RecordingRetryPolicy(new ExponentialBackoffRetryPolicy(
                TimeSpan.FromMilliseconds(100), TimeSpan.FromMilliseconds(400), TimeSpan.FromSeconds(60), jitter: 0));
            var clock = System.Diagnostics.Stopwatch.StartNew();
            var logs = new CollectingLoggerProvider();
            await using var connection = new HubConnectionBuilder()
                .WithUrl(server.Url("hubs/interop"), transport, null)
                .WithAutomaticReconnect(policy)
                .ConfigureLogging(l => l.AddProvider(logs))
                .Build();
            var welcomes = new ConcurrentQueue<string>();
            var pongs = Channel<string>();
            connection.On<string>("welcome", welcomes.Enqueue);
            connection.On<string>("pong", p => pongs.Writer.TryWrite(p));
            var reconnecting = new TaskCompletionSource<Exception?>(TaskCreationOptions.RunContinuationsAsynchronously);
            var reconnected = new TaskCompletionSource<string?>(TaskCreationOptions.RunContinuationsAsynchronously);
            connection.Reconnecting += e => { reconnecting.TrySetResult(e); return Task.CompletedTask; };
            connection.Reconnected += id => { reconnected.TrySetResult(id); return Task.CompletedTask; };
            await Wait.For(connection.StartAsync());
            var firstId = connection.ConnectionId;
            var pendingStream = connection.StreamAsChannelAsync<int>("Counter", 100_000, 50);
            var stream = await Wait.For(pendingStream);
            await Wait.For(stream.ReadAsync().AsTask());

            output.WriteLine($"{clock.ElapsedMilliseconds} ms: killing");
            server.Kill();

            Assert.NotNull(await Wait.For(reconnecting.Task));
            Assert.Equal(HubConnectionState.Reconnecting, connection.State);
            var lost = await Assert.ThrowsAsync<HubConnectionClosedException>(() => Wait.For(DrainAsync(stream)));
            Assert.Contains("connection was lost", lost.Message);
            await Assert.ThrowsAsync<InvalidOperationException>(() => connection.InvokeAsync("Echo", "while down"));

            // Let a few attempts fail against the dead port, then bring the server back on it.
            await Wait.UntilAsync(() => policy.Calls.Count >= 4, "four reconnect attempts were planned");
            var port = server.Port;
            await server.DisposeAsync();
            server = await ServerProcess.StartAsync(project, port);

            output.WriteLine($"{clock.ElapsedMilliseconds} ms: server restarted");
            var newId = await Wait.For(reconnected.Task, TimeSpan.FromSeconds(20));
            output.WriteLine($"{clock.ElapsedMilliseconds} ms: reconnected");
            foreach (var entry in logs.Entries)
            {
                output.WriteLine($"{entry.Level} {entry.EventId.Name}: {entry.Message} {entry.Exception?.Message}");
            }
            Assert.Equal(HubConnectionState.Connected, connection.State);
            Assert.NotEqual(firstId, newId);
            Assert.Equal(newId, connection.ConnectionId);
            Assert.Equal(newId, await connection.InvokeAsync<string>("GetConnectionId"));
            await connection.SendAsync("SendToCaller", "pong", "handlers survive");
            Assert.Equal("handlers survive", await Wait.For(pongs.Reader.ReadAsync().AsTask()));
            await Wait.UntilAsync(() => welcomes.Count == 2, "the welcome handler ran for both connections");
            Assert.Equal([firstId!, newId!], welcomes);

            // Backoff: immediate first, then doubling up to the cap; every failed attempt reported its reason.
            var calls = policy.Calls.ToArray();
            Assert.Equal(Enumerable.Range(0, calls.Length).Select(i => (long)i), calls.Select(c => c.Context.PreviousRetryCount));
            // At least four attempts were planned before the restart; how many more depends on how fast it came back.
            var expectedDelays = new double[] { 0, 100, 200, 400, 400 };
            Assert.Equal(
                expectedDelays.Take(Math.Min(calls.Length, expectedDelays.Length)),
                calls.Take(expectedDelays.Length).Select(c => c.Delay!.Value.TotalMilliseconds));
            Assert.All(calls, c => Assert.NotNull(c.Context.RetryReason));
            Assert.True(calls[^1].Context.ElapsedTime > calls[1].Context.ElapsedTime);
        }
        finally
        {
            await server.DisposeAsync();
        }
    }

    private static System.Threading.Channels.Channel<T> Channel<T>() => System.Threading.Channels.Channel.CreateUnbounded<T>();

    private static async Task DrainAsync(System.Threading.Channels.ChannelReader<int> reader)
    {
        while (await reader.WaitToReadAsync())
        {
            while (reader.TryRead(out _))
            {
            }
        }
    }
}
