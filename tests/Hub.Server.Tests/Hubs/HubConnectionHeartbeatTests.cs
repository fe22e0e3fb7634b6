using HubFramework.Protocol.Json;
using HubFramework.Server.Hubs;
using HubFramework.Server.Hubs.Connection;
using HubFramework.Server.Tests.Infrastructure;

namespace HubFramework.Server.Tests.Hubs;

public class HubConnectionHeartbeatTests
{
    [Fact]
    public async Task ConnectionsArrivingFasterThanTheTickDoNotPostponeIt()
    {
        var ticks = 0;
        using var heartbeat = new HubConnectionHeartbeat(TimeSpan.FromMilliseconds(100), (_, _) => Interlocked.Increment(ref ticks));
        var context = new HubConnectionContext(new TestClientConnection(), new JsonHubProtocol(), userIdentifier: null);

        // A connection every 5 ms (a sleeping thread: steadier than timers) for up to 3 s: the 100 ms tick must still come round (a generous deadline, for timer
        // callbacks that are late on a busy machine; a timer restarted by every connection would hardly ever fire).
        var deadline = Environment.TickCount64 + 3000;
        await Task.Factory.StartNew(
            () =>
            {
                while (Environment.TickCount64 < deadline && Volatile.Read(ref ticks) < 3)
                {
                    heartbeat.Add(context);
                    Thread.Sleep(5);
                }
            },
            TaskCreationOptions.LongRunning);

        Assert.True(Volatile.Read(ref ticks) >= 3, $"only {ticks} tick(s) while connections kept arriving");
        await context.Outbound.DisposeAsync();
    }

    [Theory]
    [InlineData(15_000, 30_000, 1_000)]
    [InlineData(100, 30_000, 25)]
    [InlineData(20, 30_000, 10)]
    [InlineData(-1, -1, 250)]
    public void TheTickFollowsTheShortestDeadline(int keepAliveMs, int clientTimeoutMs, int expectedMs)
    {
        var interval = HubConnectionHeartbeat.ChooseInterval(
            keepAliveMs < 0 ? Timeout.InfiniteTimeSpan : TimeSpan.FromMilliseconds(keepAliveMs),
            clientTimeoutMs < 0 ? Timeout.InfiniteTimeSpan : TimeSpan.FromMilliseconds(clientTimeoutMs));

        Assert.Equal(TimeSpan.FromMilliseconds(expectedMs), interval);
    }
}
