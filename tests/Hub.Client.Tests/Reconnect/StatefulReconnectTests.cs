using System.Collections.Concurrent;
using HubFramework.Protocol;
using Microsoft.Extensions.Logging;

namespace HubFramework.Client.Tests.Reconnect;

/// <summary>
/// Stateful reconnect through a TCP proxy that the test cuts abruptly while messages flow both ways: nothing is
/// lost, nothing is duplicated, the connection id is kept.
/// </summary>
public abstract class StatefulReconnectTestsBase(ServerProcessFixture server, Xunit.Abstractions.ITestOutputHelper output)
{
    protected virtual IHubConnectionBuilder Configure(IHubConnectionBuilder builder) => builder;

    [Fact]
    public async Task DroppedWebSocketsResumeWithoutLossOrDuplicatesInEitherDirection()
    {
        const int Messages = 400;
        const int StreamItems = 150;
        await using var proxy = new TcpProxy(server.Server.BaseUrl);
        var logs = new CollectingLoggerProvider();
        await using var connection = Configure(new HubConnectionBuilder())
            .WithUrl(proxy.Url("hubs/interop"), HttpTransportType.WebSockets, null)
            .WithStatefulReconnect()
            .WithAutomaticReconnect([TimeSpan.Zero])
            .ConfigureLogging(l => l.AddProvider(logs))
            .ConfigureConnection(o => o.StatefulReconnectAckInterval = TimeSpan.FromMilliseconds(100))
            .Build();
        var received = new ConcurrentQueue<int>();
        connection.On<string>("seq", s => received.Enqueue(int.Parse(s, System.Globalization.CultureInfo.InvariantCulture)));
        var reconnecting = false;
        connection.Reconnecting += _ => { reconnecting = true; return Task.CompletedTask; };
        await Wait.For(connection.StartAsync());
        var connectionId = connection.ConnectionId;

        // Server to client: a stream of StreamItems paced by the server.
        var streamed = CollectAsync(connection.StreamAsync<int>("Counter", StreamItems, 15));

        // Client to server and back: each fire-and-forget send makes the server call "seq" on us.
        var sending = Task.Run(async () =>
        {
            for (var i = 0; i < Messages; i++)
            {
                await connection.SendAsync("SendToCaller", "seq", i.ToString(System.Globalization.CultureInfo.InvariantCulture));
                await Task.Delay(5);
            }
        });

        await Wait.UntilAsync(() => received.Count > 50, "messages flow");
        Assert.True(proxy.DropAll() > 0);
        await Wait.UntilAsync(() => received.Count > 200, "messages flow again after the first drop");
        Assert.True(proxy.DropAll() > 0);

        await Wait.For(sending, TimeSpan.FromSeconds(20));
        await Wait.UntilAsync(() => received.Count >= Messages, $"all {Messages} messages came back", TimeSpan.FromSeconds(20));
        var items = await Wait.For(streamed, TimeSpan.FromSeconds(20));

        foreach (var entry in logs.Entries.Where(e => e.EventId.Name is "Resuming" or "Resumed" or "ResumeFailed" or "DuplicateDropped"))
        {
            output.WriteLine($"{entry.EventId.Name}: {entry.Message}");
        }

        Assert.Equal(Enumerable.Range(0, Messages), received);
        Assert.Equal(Enumerable.Range(0, StreamItems), items);
        Assert.Equal(connectionId, connection.ConnectionId);
        Assert.Equal(connectionId, await connection.InvokeAsync<string>("GetConnectionId"));
        Assert.Equal(HubConnectionState.Connected, connection.State);
        Assert.False(reconnecting, "automatic reconnect must not be needed");
        Assert.Equal(3, proxy.AcceptedConnections);
        Assert.Equal(2, logs.Entries.Count(e => e.EventId.Name == "Resumed"));
    }

    private static async Task<List<int>> CollectAsync(IAsyncEnumerable<int> source)
    {
        var items = new List<int>();
        await foreach (var item in source)
        {
            items.Add(item);
        }

        return items;
    }
}

/// <summary>Stateful reconnect against Microsoft's SignalR (reference server process), JSON.</summary>
public sealed class ReferenceServerStatefulReconnectTests(ReferenceServerFixture server, Xunit.Abstractions.ITestOutputHelper output)
    : StatefulReconnectTestsBase(server, output), IClassFixture<ReferenceServerFixture>;

/// <summary>Stateful reconnect against our interop server, MessagePack.</summary>
public sealed class InteropServerStatefulReconnectTests(InteropServerFixture server, Xunit.Abstractions.ITestOutputHelper output)
    : StatefulReconnectTestsBase(server, output), IClassFixture<InteropServerFixture>
{
    protected override IHubConnectionBuilder Configure(IHubConnectionBuilder builder) => builder.AddMessagePackProtocol();
}
