using HubFramework.Protocol;
using HubFramework.Server.Hubs;
using HubFramework.Server.Tests.Infrastructure;

namespace HubFramework.Server.Tests.Hubs;

public class InvocationLimitTests
{
    [Fact]
    public async Task OneInvocationAtATimeByDefault()
    {
        await using var server = InMemoryHubServer<TestHub>.Create();
        var client = (await server.ConnectAsync()).Client;

        for (var i = 1; i <= 3; i++)
        {
            await client.SendAsync(new InvocationMessage(i.ToString(System.Globalization.CultureInfo.InvariantCulture), "Slow", [50]));
        }

        for (var i = 1; i <= 3; i++)
        {
            await client.ReadCompletionAsync(i.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        Assert.Equal(1, server.Log.MaxRunning);
    }

    [Fact]
    public async Task MoreSlotsRunInvocationsInParallel()
    {
        await using var server = InMemoryHubServer<TestHub>.Create(o => o.MaximumParallelInvocationsPerClient = 3);
        var client = (await server.ConnectAsync()).Client;

        for (var i = 1; i <= 3; i++)
        {
            await client.SendAsync(new InvocationMessage(i.ToString(System.Globalization.CultureInfo.InvariantCulture), "Slow", [500]));
        }

        for (var i = 1; i <= 3; i++)
        {
            await client.ReadCompletionAsync(i.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        Assert.Equal(3, server.Log.MaxRunning);
    }

    [Fact]
    public async Task QueuedInvocationsRunInArrivalOrderEvenWhenTheQueueIsFull()
    {
        await using var server = InMemoryHubServer<TestHub>.Create(o => o.MaximumQueuedInvocationsPerClient = 1);
        var client = (await server.ConnectAsync()).Client;

        await client.SendAsync(new InvocationMessage("hold", "Blocked", []));
        await server.Log.Started.Task.WaitAsync(TimeSpan.FromSeconds(5));
        foreach (var value in new[] { "a", "b", "c", "d" })
        {
            await client.SendAsync(new InvocationMessage(value, "Record", [value]));
        }

        server.Log.Release.TrySetResult();

        Assert.Equal("released", ((System.Text.Json.JsonElement)(await client.ReadCompletionAsync("hold")).Result!).GetString());
        foreach (var value in new[] { "a", "b", "c", "d" })
        {
            await client.ReadCompletionAsync(value);
        }

        Assert.Equal(["a", "b", "c", "d"], server.Log.Events.ToArray());
    }

    [Fact]
    public async Task TheRateLimitRefusesInvocationsBeyondTheBucketUnknownMethodsIncluded()
    {
        await using var server = InMemoryHubServer<TestHub>.Create(o => o.RateLimit = new InvocationRateLimitOptions
        {
            TokenLimit = 3,
            TokensPerPeriod = 1,
            ReplenishmentPeriod = TimeSpan.FromHours(1),
        });
        var client = (await server.ConnectAsync()).Client;

        Assert.Equal("1", (await client.InvokeAsync<string>("Echo", "1")).Result);
        Assert.NotNull((await client.InvokeAsync("NoSuchMethod")).Error);
        await client.SendAsync(new InvocationMessage("NoSuchMethod", []));

        Assert.Equal(
            "Failed to invoke 'Echo' due to an error on the server. HubException: Rate limit exceeded.",
            (await client.InvokeAsync("Echo", "4")).Error);
        Assert.Equal(
            "Failed to invoke 'NoSuchMethod' due to an error on the server. HubException: Rate limit exceeded.",
            (await client.InvokeAsync("NoSuchMethod")).Error);
    }

    [Fact]
    public async Task TheBucketRefills()
    {
        await using var server = InMemoryHubServer<TestHub>.Create(o => o.RateLimit = new InvocationRateLimitOptions
        {
            TokenLimit = 1,
            TokensPerPeriod = 1,
            ReplenishmentPeriod = TimeSpan.FromMilliseconds(100),
        });
        var client = (await server.ConnectAsync()).Client;

        Assert.Null((await client.InvokeAsync("Echo", "1")).Error);
        Assert.NotNull((await client.InvokeAsync("Echo", "2")).Error);
        await Task.Delay(250);
        Assert.Null((await client.InvokeAsync("Echo", "3")).Error);
    }

    [Fact]
    public async Task TheRateLimitCanCloseTheConnection()
    {
        await using var server = InMemoryHubServer<TestHub>.Create(o => o.RateLimit = new InvocationRateLimitOptions
        {
            TokenLimit = 1,
            TokensPerPeriod = 1,
            ReplenishmentPeriod = TimeSpan.FromHours(1),
            Action = RateLimitAction.CloseConnection,
        });
        var connection = await server.ConnectAsync();

        await connection.Client.InvokeAsync<string>("Echo", "1");
        await connection.Client.SendAsync(new InvocationMessage("2", "Echo", ["2"]));

        var close = await connection.Client.ReadMessageAsync<CloseMessage>();
        Assert.Equal("Rate limit exceeded.", close.Error);
        Assert.False(close.AllowReconnect);
        Assert.True(await connection.ServedWithinAsync(TimeSpan.FromSeconds(5)));
    }
}
