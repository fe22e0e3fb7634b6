using HubFramework.Protocol;
using HubFramework.Server.Tests.Infrastructure;

namespace HubFramework.Server.Tests.Hubs;

public class ClientResultTests
{
    [Fact]
    public async Task TheHubGetsWhatTheClientAnswers()
    {
        await using var server = InMemoryHubServer<TestHub>.Create();
        var client = (await server.ConnectAsync()).Client;
        client.Binder.On("answer", typeof(string));
        client.Binder.ExpectResult("1", typeof(string));

        await client.SendAsync(new InvocationMessage("1", "AskCaller", ["what?"]));
        var question = await client.ReadMessageAsync<InvocationMessage>();
        Assert.Equal("answer", question.Target);
        Assert.Equal("what?", question.Arguments[0]);
        Assert.NotNull(question.InvocationId);
        await client.SendAsync(CompletionMessage.WithResult(question.InvocationId!, "forty-two"));

        Assert.Equal("forty-two", (await client.ReadCompletionAsync("1")).Result);
    }

    [Fact]
    public async Task AClientErrorReachesTheCallerAsAHubException()
    {
        await using var server = InMemoryHubServer<TestHub>.Create();
        var client = (await server.ConnectAsync()).Client;
        client.Binder.On("answer", typeof(string));

        await client.SendAsync(new InvocationMessage("1", "AskCaller", ["what?"]));
        var question = await client.ReadMessageAsync<InvocationMessage>();
        await client.SendAsync(CompletionMessage.WithError(question.InvocationId!, "Error: no idea"));

        Assert.Equal("An unexpected error occurred invoking 'AskCaller' on the server. HubException: Error: no idea", (await client.ReadCompletionAsync("1")).Error);
    }

    [Fact]
    public async Task AMissingResultIsReported()
    {
        await using var server = InMemoryHubServer<TestHub>.Create();
        var client = (await server.ConnectAsync()).Client;
        client.Binder.On("answer", typeof(string));

        await client.SendAsync(new InvocationMessage("1", "AskCaller", ["what?"]));
        var question = await client.ReadMessageAsync<InvocationMessage>();
        await client.SendAsync(CompletionMessage.Empty(question.InvocationId!));

        Assert.Equal(
            "An unexpected error occurred invoking 'AskCaller' on the server. HubException: Client didn't provide a result.",
            (await client.ReadCompletionAsync("1")).Error);
    }

    [Fact]
    public async Task AnAnswerIsProcessedWhileAnotherInvocationWaitsForTheOnlySlot()
    {
        // With one slot, AskCaller holds it while a second invocation queues behind; the client's answer must still be
        // read and delivered, or both would wait forever.
        await using var server = InMemoryHubServer<TestHub>.Create(o => o.MaximumParallelInvocationsPerClient = 1);
        var client = (await server.ConnectAsync()).Client;
        client.Binder.On("answer", typeof(string));
        client.Binder.ExpectResult("1", typeof(string));
        client.Binder.ExpectResult("2", typeof(string));

        await client.SendAsync(new InvocationMessage("1", "AskCaller", ["first"]));
        var question = await client.ReadMessageAsync<InvocationMessage>();
        await client.SendAsync(new InvocationMessage("2", "Echo", ["queued"]));
        await client.SendAsync(CompletionMessage.WithResult(question.InvocationId!, "answered"));

        Assert.Equal("answered", (await client.ReadCompletionAsync("1")).Result);
        Assert.Equal("queued", (await client.ReadCompletionAsync("2")).Result);
    }

    [Fact]
    public async Task LateOrUnknownResultsAreIgnored()
    {
        await using var server = InMemoryHubServer<TestHub>.Create();
        var client = (await server.ConnectAsync()).Client;

        await client.SendAsync(CompletionMessage.WithResult("s999", "nobody asked"));

        Assert.Equal("alive", (await client.InvokeAsync<string>("Echo", "alive")).Result);
    }
}
