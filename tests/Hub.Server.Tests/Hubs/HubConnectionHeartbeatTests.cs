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

        // A connection every 10 ms for 1.5 s: the 100 ms tick must still come round (timer callbacks may be late on a
        // busy machine, hence the margin; with a timer that restarts on every connection there would be none at all).
        var deadline = Environment.TickCount64 + 1500;
        while (Environment.TickCount64 < deadline && Volatile.Read(ref ticks) < 2)
        {
            heartbeat.Add(context);
            await Task.Delay(10);
        }

        Assert.True(Volatile.Read(ref ticks) >= 1, "no tick while connections kept arriving");
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
