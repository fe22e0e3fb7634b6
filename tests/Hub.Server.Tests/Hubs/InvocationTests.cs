using System.Text.Json;
using HubFramework.Protocol;
using HubFramework.Server.Hubs;
using HubFramework.Server.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace HubFramework.Server.Tests.Hubs;

public class InvocationTests
{
    [Fact]
    public async Task ResultsComeBackInTheCompletion()
    {
        await using var server = InMemoryHubServer<TestHub>.Create();
        var client = (await server.ConnectAsync()).Client;

        Assert.Equal("hi", (await client.InvokeAsync<string>("Echo", "hi")).Result);
        Assert.Equal(5, (await client.InvokeAsync<int>("Add", 2, 3)).Result);
        Assert.Equal(9, (await client.InvokeAsync<int>("AddLater", 4, 5)).Result);
    }

    [Fact]
    public async Task VoidAndTaskMethodsCompleteWithANullResult()
    {
        await using var server = InMemoryHubServer<TestHub>.Create();
        var client = (await server.ConnectAsync()).Client;

        await client.SendRawAsync("{\"type\":1,\"invocationId\":\"1\",\"target\":\"Nothing\",\"arguments\":[]}\u001e");
        Assert.Equal("{\"type\":3,\"invocationId\":\"1\",\"result\":null}", await client.ReadTextRecordAsync());

        await client.SendRawAsync("{\"type\":1,\"invocationId\":\"2\",\"target\":\"NothingAsync\",\"arguments\":[]}\u001e");
        Assert.Equal("{\"type\":3,\"invocationId\":\"2\",\"result\":null}", await client.ReadTextRecordAsync());
    }

    [Fact]
    public async Task MethodNamesAreCaseInsensitiveAndHubMethodNameRenames()
    {
        await using var server = InMemoryHubServer<TestHub>.Create();
        var client = (await server.ConnectAsync()).Client;

        Assert.Equal("x", (await client.InvokeAsync<string>("eCHO", "x")).Result);
        Assert.Equal("called through its new name", (await client.InvokeAsync<string>("Renamed")).Result);
        Assert.Equal(
            "Failed to invoke 'Original' due to an error on the server. HubException: Method does not exist.",
            (await client.InvokeAsync("Original")).Error);
    }

    [Fact]
    public async Task UnknownMethodGetsMicrosoftsError()
    {
        await using var server = InMemoryHubServer<TestHub>.Create();
        var client = (await server.ConnectAsync()).Client;

        var completion = await client.InvokeAsync("NoSuchMethod", 1);

        Assert.Equal("Failed to invoke 'NoSuchMethod' due to an error on the server. HubException: Method does not exist.", completion.Error);
    }

    [Fact]
    public async Task FireAndForgetCallsToUnknownMethodsAreIgnoredSilently()
    {
        await using var server = InMemoryHubServer<TestHub>.Create();
        var client = (await server.ConnectAsync()).Client;

        await client.SendAsync(new InvocationMessage("NoSuchMethod", [1]));
        await client.SendAsync(new InvocationMessage("Add", ["not", "numbers"]));
        var completion = await client.InvokeAsync<string>("Echo", "after");

        // Nothing was sent for the two calls: the first message back is the Echo's completion.
        Assert.Equal("after", completion.Result);
        await client.SendRawAsync("{\"type\":1,\"invocationId\":\"z\",\"target\":\"Echo\",\"arguments\":[\"raw\"]}\u001e");
        Assert.Equal("{\"type\":3,\"invocationId\":\"z\",\"result\":\"raw\"}", await client.ReadTextRecordAsync());
    }

    [Theory]
    [InlineData("[1]")]
    [InlineData("[1,2,3]")]
    [InlineData("[\"one\",2]")]
    [InlineData("[1,{\"a\":1}]")]
    public async Task WrongArgumentsGetTheBindingError(string arguments)
    {
        await using var server = InMemoryHubServer<TestHub>.Create();
        var client = (await server.ConnectAsync()).Client;

        await client.SendRawAsync("{\"type\":1,\"invocationId\":\"1\",\"target\":\"Add\",\"arguments\":" + arguments + "}\u001e");

        var completion = await client.ReadCompletionAsync("1");
        Assert.Equal("Failed to invoke 'Add' due to an error on the server.", completion.Error);
        Assert.Equal(3, (await client.InvokeAsync<int>("Add", 1, 2)).Result);
    }

    [Fact]
    public async Task HubExceptionMessagesReachTheClient()
    {
        await using var server = InMemoryHubServer<TestHub>.Create();
        var client = (await server.ConnectAsync()).Client;

        var completion = await client.InvokeAsync("Throw", "boom");

        Assert.Equal("An unexpected error occurred invoking 'Throw' on the server. HubException: boom", completion.Error);
    }

    [Fact]
    public async Task OtherExceptionDetailsStayOnTheServer()
    {
        await using var server = InMemoryHubServer<TestHub>.Create();
        var client = (await server.ConnectAsync()).Client;

        var completion = await client.InvokeAsync("Fail");

        Assert.Equal("An unexpected error occurred invoking 'Fail' on the server.", completion.Error);
    }

    [Fact]
    public async Task DetailedErrorsShowExceptionDetails()
    {
        await using var server = InMemoryHubServer<TestHub>.Create(o => o.EnableDetailedErrors = true);
        var client = (await server.ConnectAsync()).Client;

        var completion = await client.InvokeAsync("Fail");

        Assert.Equal("An unexpected error occurred invoking 'Fail' on the server. InvalidOperationException: secret detail", completion.Error);
    }

    [Fact]
    public async Task StreamingAndNonStreamingMixUpsAreRefused()
    {
        await using var server = InMemoryHubServer<TestHub>.Create();
        var client = (await server.ConnectAsync()).Client;

        var nonStreaming = await client.InvokeAsync("Counter", 3, 1);
        Assert.Equal("The client attempted to invoke the streaming 'Counter' method with a non-streaming invocation.", nonStreaming.Error);

        await client.SendAsync(new StreamInvocationMessage("s", "Echo", ["x"]));
        var streaming = await client.ReadCompletionAsync("s");
        Assert.Equal("The client attempted to invoke the non-streaming 'Echo' method with a streaming invocation.", streaming.Error);
    }

    [Fact]
    public async Task CancelInvocationCancelsTheMethodsTokenAndACompletionStillFollows()
    {
        await using var server = InMemoryHubServer<TestHub>.Create();
        var client = (await server.ConnectAsync()).Client;

        await client.SendAsync(new InvocationMessage("c1", "WaitForCancel", []));
        await server.Log.Started.Task.WaitAsync(TimeSpan.FromSeconds(5));
        await client.SendAsync(new CancelInvocationMessage("c1"));

        await server.Log.Cancelled.Task.WaitAsync(TimeSpan.FromSeconds(5));
        var completion = await client.ReadCompletionAsync("c1");
        Assert.NotNull(completion.Error);
    }

    [Fact]
    public async Task ServicesAreInjectedAsParameters()
    {
        await using var server = InMemoryHubServer<TestHub>.Create(configureServices: s => s.AddSingleton<GreetingService>());
        var client = (await server.ConnectAsync()).Client;

        Assert.Equal("hello ann", (await client.InvokeAsync<string>("GreetExplicit", "ann")).Result);
        Assert.Equal("hello bob", (await client.InvokeAsync<string>("GreetImplicit", "bob")).Result);
    }

    [Fact]
    public async Task EveryInvocationGetsAFreshHubThatIsDisposed()
    {
        await using var server = InMemoryHubServer<TestHub>.Create();
        var client = (await server.ConnectAsync()).Client;
        var before = server.Log.HubsCreated;

        for (var i = 0; i < 3; i++)
        {
            await client.InvokeAsync<string>("Echo", "x");
        }

        Assert.Equal(before + 3, server.Log.HubsCreated);
        Assert.Equal(server.Log.HubsCreated, server.Log.HubsDisposed);
    }

    [Fact]
    public async Task ContextCarriesTheConnectionIdAndUserIdentifier()
    {
        var user = new System.Security.Claims.ClaimsPrincipal(new System.Security.Claims.ClaimsIdentity(
            [new System.Security.Claims.Claim(System.Security.Claims.ClaimTypes.NameIdentifier, "user-7")], "test"));
        await using var server = InMemoryHubServer<TestHub>.Create();
        var connection = await server.ConnectAsync(user: user);

        Assert.Equal(connection.Connection.ConnectionId, (await connection.Client.InvokeAsync<string>("GetConnectionId")).Result);
        Assert.Equal("user-7", (await connection.Client.InvokeAsync<string>("GetUser")).Result);
    }

    [Fact]
    public async Task ACustomUserIdProviderDecidesTheUserIdentifier()
    {
        await using var server = InMemoryHubServer<TestHub>.Create(configureServices: s => s.AddSingleton<IUserIdProvider, FixedUserIdProvider>());
        var client = (await server.ConnectAsync()).Client;

        Assert.Equal("fixed-user", (await client.InvokeAsync<string>("GetUser")).Result);
    }

    [Fact]
    public async Task ResultsOfUnregisteredTypesBindAsJson()
    {
        await using var server = InMemoryHubServer<TestHub>.Create();
        var client = (await server.ConnectAsync()).Client;

        var completion = await client.InvokeAsync("Add", 20, 22);

        Assert.Equal(42, ((JsonElement)completion.Result!).GetInt32());
    }

    private sealed class FixedUserIdProvider : IUserIdProvider
    {
        public string? GetUserId(HubConnectionContext connection) => "fixed-user";
    }
}
