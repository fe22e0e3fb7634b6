using HubFramework.Protocol;
using HubFramework.Server.Tests.Infrastructure;

namespace HubFramework.Server.Tests.Hubs;

public class StreamingTests
{
    private static async Task<List<int>> ReadItemsAsync(RawHubClient client, string invocationId, Func<CompletionMessage, bool>? onCompletion = null)
    {
        var items = new List<int>();
        while (true)
        {
            var message = await client.ReadMessageAsync();
            switch (message)
            {
                case StreamItemMessage item when item.InvocationId == invocationId:
                    items.Add((int)item.Item!);
                    break;
                case CompletionMessage completion when completion.InvocationId == invocationId:
                    Assert.True(onCompletion?.Invoke(completion) ?? (completion.Error is null && !completion.HasResult), completion.ToString());
                    return items;
            }
        }
    }

    [Fact]
    public async Task AsyncEnumerableStreamsItemsThenABareCompletion()
    {
        await using var server = InMemoryHubServer<TestHub>.Create();
        var client = (await server.ConnectAsync()).Client;
        client.Binder.ExpectResult("s1", typeof(int));

        await client.SendAsync(new StreamInvocationMessage("s1", "Counter", [4, 1]));

        Assert.Equal([0, 1, 2, 3], await ReadItemsAsync(client, "s1"));
    }

    [Fact]
    public async Task ChannelReaderStreamsItems()
    {
        await using var server = InMemoryHubServer<TestHub>.Create();
        var client = (await server.ConnectAsync()).Client;
        client.Binder.ExpectResult("s1", typeof(int));

        await client.SendAsync(new StreamInvocationMessage("s1", "ChannelCounter", [5]));

        Assert.Equal([0, 1, 2, 3, 4], await ReadItemsAsync(client, "s1"));
    }

    [Fact]
    public async Task AStreamReturnedByATaskIsStreamedToo()
    {
        await using var server = InMemoryHubServer<TestHub>.Create();
        var client = (await server.ConnectAsync()).Client;
        client.Binder.ExpectResult("s1", typeof(int));

        await client.SendAsync(new StreamInvocationMessage("s1", "DelayedChannel", [3]));

        Assert.Equal([0, 1, 2], await ReadItemsAsync(client, "s1"));
    }

    [Fact]
    public async Task CancelInvocationStopsTheStreamAndABareCompletionFollows()
    {
        await using var server = InMemoryHubServer<TestHub>.Create();
        var client = (await server.ConnectAsync()).Client;
        client.Binder.ExpectResult("s1", typeof(int));

        await client.SendAsync(new StreamInvocationMessage("s1", "Counter", [1_000_000, 20]));
        var first = await client.ReadMessageAsync<StreamItemMessage>();
        Assert.Equal(0, first.Item);
        await client.SendAsync(new CancelInvocationMessage("s1"));

        await server.Log.Cancelled.Task.WaitAsync(TimeSpan.FromSeconds(5));
        var completion = await client.ReadCompletionAsync("s1");
        Assert.Null(completion.Error);
        Assert.False(completion.HasResult);
    }

    [Fact]
    public async Task AFailingStreamEndsWithTheStreamingError()
    {
        await using var server = InMemoryHubServer<TestHub>.Create();
        var client = (await server.ConnectAsync()).Client;
        client.Binder.ExpectResult("s1", typeof(int));

        await client.SendAsync(new StreamInvocationMessage("s1", "FailingStream", ["dried up"]));

        var items = await ReadItemsAsync(client, "s1", c => c.Error == "An error occurred on the server while streaming results. HubException: dried up");
        Assert.Equal([1], items);
    }

    [Fact]
    public async Task ARunningStreamDoesNotHoldTheOnlyInvocationSlot()
    {
        await using var server = InMemoryHubServer<TestHub>.Create(o => o.MaximumParallelInvocationsPerClient = 1);
        var client = (await server.ConnectAsync()).Client;
        client.Binder.ExpectResult("s1", typeof(int));

        await client.SendAsync(new StreamInvocationMessage("s1", "Counter", [1_000_000, 20]));
        await client.ReadMessageAsync<StreamItemMessage>();

        Assert.Equal("meanwhile", (await client.InvokeAsync<string>("Echo", "meanwhile")).Result);
        await client.SendAsync(new CancelInvocationMessage("s1"));
        await client.ReadCompletionAsync("s1");
    }

    [Fact]
    public async Task ClientStreamFeedsAnAsyncEnumerableParameter()
    {
        await using var server = InMemoryHubServer<TestHub>.Create();
        var client = (await server.ConnectAsync()).Client;
        client.Binder.ExpectResult("1", typeof(int));

        await client.SendAsync(new InvocationMessage("1", "Sum", [], ["up"]));
        for (var i = 1; i <= 30; i++)
        {
            await client.SendAsync(new StreamItemMessage("up", i));
        }

        await client.SendAsync(CompletionMessage.Empty("up"));

        Assert.Equal(465, (await client.ReadCompletionAsync("1")).Result);
    }

    [Fact]
    public async Task ClientStreamFeedsAChannelReaderParameterAlongsideArguments()
    {
        await using var server = InMemoryHubServer<TestHub>.Create(o => o.StreamBufferCapacity = 1);
        var client = (await server.ConnectAsync()).Client;
        client.Binder.ExpectResult("1", typeof(string));

        await client.SendAsync(new InvocationMessage("1", "Concat", ["-"], ["parts"]));
        foreach (var part in new[] { "a", "b", "c", "d" })
        {
            await client.SendAsync(new StreamItemMessage("parts", part));
        }

        await client.SendAsync(CompletionMessage.Empty("parts"));

        Assert.Equal("a-b-c-d", (await client.ReadCompletionAsync("1")).Result);
    }

    [Fact]
    public async Task AClientStreamErrorFailsTheInvocationWithTheClientsError()
    {
        await using var server = InMemoryHubServer<TestHub>.Create();
        var client = (await server.ConnectAsync()).Client;

        await client.SendAsync(new InvocationMessage("1", "Sum", [], ["up"]));
        await client.SendAsync(new StreamItemMessage("up", 1));
        await client.SendAsync(CompletionMessage.WithError("up", "client broke"));

        Assert.Equal("An unexpected error occurred invoking 'Sum' on the server. HubException: client broke", (await client.ReadCompletionAsync("1")).Error);
    }

    [Fact]
    public async Task AStreamItemOfTheWrongTypeFailsTheInvocation()
    {
        await using var server = InMemoryHubServer<TestHub>.Create();
        var client = (await server.ConnectAsync()).Client;

        await client.SendAsync(new InvocationMessage("1", "Sum", [], ["up"]));
        await client.SendRawAsync("{\"type\":2,\"invocationId\":\"up\",\"item\":\"not a number\"}\u001e");

        var completion = await client.ReadCompletionAsync("1");
        Assert.StartsWith("An unexpected error occurred invoking 'Sum' on the server. HubException: Failed to bind Stream message.", completion.Error);
        Assert.Equal("still fine", (await client.InvokeAsync<string>("Echo", "still fine")).Result);
    }

    [Fact]
    public async Task StreamCountsMustMatchTheStreamingParameters()
    {
        await using var server = InMemoryHubServer<TestHub>.Create();
        var client = (await server.ConnectAsync()).Client;

        await client.SendAsync(new InvocationMessage("1", "Sum", [], null));
        Assert.Equal(
            "Failed to invoke 'Sum' due to an error on the server. HubException: Client sent 0 stream(s), Hub method expects 1.",
            (await client.ReadCompletionAsync("1")).Error);

        await client.SendAsync(new InvocationMessage("2", "Echo", ["x"], ["extra"]));
        Assert.Equal(
            "Failed to invoke 'Echo' due to an error on the server. HubException: Client sent 1 stream(s), Hub method expects 0.",
            (await client.ReadCompletionAsync("2")).Error);
    }

    [Fact]
    public async Task ItemsForUnknownStreamsAreIgnored()
    {
        await using var server = InMemoryHubServer<TestHub>.Create();
        var client = (await server.ConnectAsync()).Client;

        await client.SendAsync(new StreamItemMessage("nobody", 1));
        await client.SendAsync(CompletionMessage.Empty("nobody"));

        Assert.Equal("ok", (await client.InvokeAsync<string>("Echo", "ok")).Result);
    }

    [Fact]
    public async Task ADuplicateStreamInvocationIdIsRefused()
    {
        await using var server = InMemoryHubServer<TestHub>.Create();
        var client = (await server.ConnectAsync()).Client;
        client.Binder.ExpectResult("s1", typeof(int));

        await client.SendAsync(new StreamInvocationMessage("s1", "Counter", [1_000_000, 20]));
        await client.ReadMessageAsync<StreamItemMessage>();
        await client.SendAsync(new StreamInvocationMessage("s1", "Counter", [1, 1]));

        Assert.Equal("Invocation ID 's1' is already in use.", (await client.ReadCompletionAsync("s1")).Error);
        await client.SendAsync(new CancelInvocationMessage("s1"));
    }
}
