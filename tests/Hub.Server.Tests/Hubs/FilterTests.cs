using System.Collections.Concurrent;
using HubFramework.Server.Hubs;
using HubFramework.Server.Tests.Infrastructure;

namespace HubFramework.Server.Tests.Hubs;

public class FilterTests
{
    private sealed class RecordingFilter(string name, ConcurrentQueue<string> events) : IHubFilter
    {
        public async ValueTask<object?> InvokeMethodAsync(HubInvocationContext invocationContext, Func<HubInvocationContext, ValueTask<object?>> next)
        {
            events.Enqueue($"{name}:before:{invocationContext.HubMethod.Name}({string.Join(",", invocationContext.HubMethodArguments)})");
            var result = await next(invocationContext);
            events.Enqueue($"{name}:after:{result}");
            return result;
        }

        public async Task OnConnectedAsync(HubLifetimeContext context, Func<HubLifetimeContext, Task> next)
        {
            events.Enqueue($"{name}:connected:{context.Context.ConnectionId}");
            await next(context);
        }

        public async Task OnDisconnectedAsync(HubLifetimeContext context, Exception? exception, Func<HubLifetimeContext, Exception?, Task> next)
        {
            events.Enqueue($"{name}:disconnected");
            await next(context, exception);
        }
    }

    private sealed class ShortCircuitFilter : IHubFilter
    {
        public ValueTask<object?> InvokeMethodAsync(HubInvocationContext invocationContext, Func<HubInvocationContext, ValueTask<object?>> next)
        {
            if (invocationContext.HubMethod.Name == "Echo" && (string?)invocationContext.HubMethodArguments[0] == "forbidden")
            {
                throw new HubException("filtered out");
            }

            if (invocationContext.HubMethod.Name == "Add")
            {
                return ValueTask.FromResult<object?>(-1);
            }

            return next(invocationContext);
        }
    }

    [Fact]
    public async Task FiltersWrapInvocationsInOrderGlobalFirst()
    {
        var events = new ConcurrentQueue<string>();
        await using var server = InMemoryHubServer<TestHub>.Create(
            o => o.HubFilters.Add(new RecordingFilter("global", events)),
            configureHubs: hubs => hubs.AddHubOptions<TestHub>(o => o.HubFilters.Add(new RecordingFilter("hub", events))));
        var connection = await server.ConnectAsync();

        Assert.Equal("x", (await connection.Client.InvokeAsync<string>("Echo", "x")).Result);

        // OnConnected runs after the handshake answer, so its events may land late: look at the invocation's only.
        Assert.Equal(
            ["global:before:Echo(x)", "hub:before:Echo(x)", "hub:after:x", "global:after:x"],
            events.Where(e => !e.Contains(":connected:", StringComparison.Ordinal)).ToArray());
        Assert.Equal(2, events.Count(e => e.Contains(":connected:", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task FiltersSeeConnectAndDisconnect()
    {
        var events = new ConcurrentQueue<string>();
        await using var server = InMemoryHubServer<TestHub>.Create(o => o.HubFilters.Add(new RecordingFilter("f", events)));
        var connection = await server.ConnectAsync();

        connection.Connection.CompleteFromClient();
        Assert.True(await connection.ServedWithinAsync(TimeSpan.FromSeconds(5)));

        Assert.Equal([$"f:connected:{connection.Connection.ConnectionId}", "f:disconnected"], events.ToArray());
        Assert.Null(await server.Log.Disconnected.Task.WaitAsync(TimeSpan.FromSeconds(5)));
    }

    [Fact]
    public async Task AFilterCanAnswerInsteadOfTheMethodOrRefuseWithAHubException()
    {
        await using var server = InMemoryHubServer<TestHub>.Create(o => o.HubFilters.Add(new ShortCircuitFilter()));
        var client = (await server.ConnectAsync()).Client;

        Assert.Equal(-1, (await client.InvokeAsync<int>("Add", 1, 2)).Result);
        Assert.Equal("An unexpected error occurred invoking 'Echo' on the server. HubException: filtered out", (await client.InvokeAsync("Echo", "forbidden")).Error);
        Assert.Equal("allowed", (await client.InvokeAsync<string>("Echo", "allowed")).Result);
    }

    [Fact]
    public async Task FiltersSeeServiceAndTokenArgumentsToo()
    {
        var events = new ConcurrentQueue<string>();
        await using var server = InMemoryHubServer<TestHub>.Create(
            o => o.HubFilters.Add(new RecordingFilter("f", events)),
            s => Microsoft.Extensions.DependencyInjection.ServiceCollectionServiceExtensions.AddSingleton<GreetingService>(s));
        var client = (await server.ConnectAsync()).Client;

        Assert.Equal("hello zoe", (await client.InvokeAsync<string>("GreetImplicit", "zoe")).Result);

        Assert.Contains(events, e => e.StartsWith("f:before:GreetImplicit(zoe,", StringComparison.Ordinal));
    }
}
