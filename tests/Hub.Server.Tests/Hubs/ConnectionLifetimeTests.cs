using HubFramework.Protocol;
using HubFramework.Server.Tests.Infrastructure;

namespace HubFramework.Server.Tests.Hubs;

public class ConnectionLifetimeTests
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(5);

    [Fact]
    public async Task MessagesSentInOnConnectedFollowTheHandshakeResponse()
    {
        await using var server = InMemoryHubServer<TestHub>.Create();
        server.Log.SendWelcome = true;
        var connection = await server.ConnectAsync(handshake: false);

        await connection.Client.SendHandshakeAsync("json", 1);

        Assert.Equal("{}", await connection.Client.ReadTextRecordAsync());
        Assert.Equal(
            "{\"type\":1,\"target\":\"welcome\",\"arguments\":[\"" + connection.Connection.ConnectionId + "\"]}",
            await connection.Client.ReadTextRecordAsync());
    }

    [Fact]
    public async Task AFailingOnConnectedClosesWithAnErrorAndSkipsOnDisconnected()
    {
        await using var server = InMemoryHubServer<TestHub>.Create();
        server.Log.ThrowOnConnected = true;
        var connection = await server.ConnectAsync();

        Assert.Equal("{\"type\":7,\"error\":\"Connection closed with an error.\"}", await connection.Client.ReadTextRecordAsync());
        Assert.True(await connection.ServedWithinAsync(Bound));
        Assert.False(server.Log.Disconnected.Task.IsCompleted);
    }

    [Fact]
    public async Task AClientCloseIsEchoedAndOnDisconnectedRunsWithoutError()
    {
        await using var server = InMemoryHubServer<TestHub>.Create();
        var connection = await server.ConnectAsync();

        await connection.Client.SendRawAsync("{\"type\":7}\u001e");

        Assert.Equal("{\"type\":7}", await connection.Client.ReadTextRecordAsync());
        Assert.True(await connection.ServedWithinAsync(Bound));
        Assert.Null(await server.Log.Disconnected.Task.WaitAsync(Bound));
        Assert.True(connection.Connection.ReconnectDisabled);
    }

    [Fact]
    public async Task ContextAbortClosesWithoutAnError()
    {
        await using var server = InMemoryHubServer<TestHub>.Create();
        var connection = await server.ConnectAsync();

        await connection.Client.SendAsync(new InvocationMessage("1", "Disconnect", []));

        var messages = await connection.Client.ReadUntilServerCloseAsync();
        var close = Assert.IsType<CloseMessage>(messages[^1]);
        Assert.Null(close.Error);
        Assert.False(close.AllowReconnect);
        Assert.True(await connection.ServedWithinAsync(Bound));
    }

    [Theory]
    [InlineData("{\"type\":1,\"target\":\u001e")]
    [InlineData("not json at all\u001e")]
    public async Task AProtocolErrorClosesWithMicrosoftsCloseMessage(string garbage)
    {
        await using var server = InMemoryHubServer<TestHub>.Create();
        var connection = await server.ConnectAsync();
        var bystander = await server.ConnectAsync();

        await connection.Client.SendRawAsync(garbage);

        Assert.Equal("{\"type\":7,\"error\":\"Connection closed with an error.\",\"allowReconnect\":true}", await connection.Client.ReadTextRecordAsync());
        Assert.True(await connection.ServedWithinAsync(Bound));
        Assert.IsAssignableFrom<HubProtocolException>(await server.Log.Disconnected.Task.WaitAsync(Bound));
        Assert.Equal("fine", (await bystander.Client.InvokeAsync<string>("Echo", "fine")).Result);
    }

    [Fact]
    public async Task UnknownMessageTypesAreIgnored()
    {
        await using var server = InMemoryHubServer<TestHub>.Create();
        var client = (await server.ConnectAsync()).Client;

        await client.SendRawAsync("{\"type\":99,\"future\":true}\u001e");

        Assert.Equal("still here", (await client.InvokeAsync<string>("Echo", "still here")).Result);
    }

    [Fact]
    public async Task AnOversizeMessageClosesOnlyThatConnection()
    {
        await using var server = InMemoryHubServer<TestHub>.Create(o => o.MaximumReceiveMessageSize = 1024);
        var connection = await server.ConnectAsync();
        var bystander = await server.ConnectAsync();

        await connection.Client.SendAsync(new InvocationMessage("1", "Echo", [new string('x', 2000)]));

        Assert.Equal("{\"type\":7,\"error\":\"Connection closed with an error.\",\"allowReconnect\":true}", await connection.Client.ReadTextRecordAsync());
        Assert.True(await connection.ServedWithinAsync(Bound));
        Assert.Equal("fine", (await bystander.Client.InvokeAsync<string>("Echo", "fine")).Result);
    }

    [Fact]
    public async Task AMessageJustUnderTheLimitIsServed()
    {
        await using var server = InMemoryHubServer<TestHub>.Create(o => o.MaximumReceiveMessageSize = 1024);
        var client = (await server.ConnectAsync()).Client;

        var payload = new string('x', 900);
        Assert.Equal(payload, (await client.InvokeAsync<string>("Echo", payload)).Result);
    }

    [Fact]
    public async Task AnEndlessRecordWithoutSeparatorIsCutOffAtTheLimit()
    {
        await using var server = InMemoryHubServer<TestHub>.Create(o => o.MaximumReceiveMessageSize = 1024);
        var connection = await server.ConnectAsync();

        await connection.Client.SendRawAsync(new string(' ', 4096));

        Assert.Equal("{\"type\":7,\"error\":\"Connection closed with an error.\",\"allowReconnect\":true}", await connection.Client.ReadTextRecordAsync());
        Assert.True(await connection.ServedWithinAsync(Bound));
    }

    [Fact]
    public async Task DetailedErrorsExplainAProtocolError()
    {
        await using var server = InMemoryHubServer<TestHub>.Create(o => o.EnableDetailedErrors = true);
        var connection = await server.ConnectAsync();

        await connection.Client.SendRawAsync("not json\u001e");

        var close = Assert.IsType<CloseMessage>(await connection.Client.ReadMessageAsync());
        Assert.StartsWith("Connection closed with an error. HubProtocolException: ", close.Error);
    }

    [Fact]
    public async Task ClientLeavingEndsTheConnectionAndRunsOnDisconnected()
    {
        await using var server = InMemoryHubServer<TestHub>.Create();
        var connection = await server.ConnectAsync();

        connection.Connection.CompleteFromClient();

        Assert.True(await connection.ServedWithinAsync(Bound));
        Assert.Null(await server.Log.Disconnected.Task.WaitAsync(Bound));
        Assert.Equal(0, server.Handler.ConnectionCount);
    }

    [Fact]
    public async Task TransportAbortCancelsRunningInvocations()
    {
        await using var server = InMemoryHubServer<TestHub>.Create();
        var connection = await server.ConnectAsync();

        await connection.Client.SendAsync(new InvocationMessage("1", "WaitForCancel", []));
        await server.Log.Started.Task.WaitAsync(Bound);
        connection.Connection.Abort();
        connection.Connection.CompleteFromClient();

        await server.Log.Cancelled.Task.WaitAsync(Bound);
        Assert.True(await connection.ServedWithinAsync(Bound));
    }

    [Fact]
    public async Task GracefulShutdownClosesWithAllowReconnect()
    {
        await using var server = InMemoryHubServer<TestHub>.Create();
        var first = await server.ConnectAsync();
        var second = await server.ConnectAsync();

        server.StopApplication();

        foreach (var connection in new[] { first, second })
        {
            Assert.Equal("{\"type\":7,\"allowReconnect\":true}", await connection.Client.ReadTextRecordAsync());
            Assert.True(await connection.ServedWithinAsync(Bound));
        }
    }

    [Fact]
    public async Task AConnectionArrivingDuringShutdownIsToldToComeBack()
    {
        await using var server = InMemoryHubServer<TestHub>.Create();
        server.StopApplication();

        var connection = await server.ConnectAsync();

        Assert.Equal("{\"type\":7,\"allowReconnect\":true}", await connection.Client.ReadTextRecordAsync());
        Assert.True(await connection.ServedWithinAsync(Bound));
    }

    [Fact]
    public async Task AFailingUserIdProviderClosesThatConnectionWithAnError()
    {
        await using var server = InMemoryHubServer<TestHub>.Create(
            configureServices: s => Microsoft.Extensions.DependencyInjection.ServiceCollectionServiceExtensions.AddSingleton<HubFramework.Server.Hubs.IUserIdProvider, ThrowingUserIdProvider>(s));
        var connection = await server.ConnectAsync();

        Assert.Equal("{\"type\":7,\"error\":\"Connection closed with an error.\"}", await connection.Client.ReadTextRecordAsync());
        Assert.True(await connection.ServedWithinAsync(Bound));
    }

    private sealed class ThrowingUserIdProvider : HubFramework.Server.Hubs.IUserIdProvider
    {
        public string? GetUserId(HubFramework.Server.Hubs.HubConnectionContext connection) => throw new InvalidOperationException("no user store");
    }

    [Fact]
    public async Task PingsFlowOnAnIdleConnection()
    {
        await using var server = InMemoryHubServer<TestHub>.Create(o => o.KeepAliveInterval = TimeSpan.FromMilliseconds(100));
        var client = (await server.ConnectAsync()).Client;
        client.IgnorePings = false;

        Assert.IsType<PingMessage>(await client.ReadMessageAsync());
        Assert.IsType<PingMessage>(await client.ReadMessageAsync());
    }

    [Fact]
    public async Task NoPingsOnTransportsThatKeepThemselvesAlive()
    {
        await using var server = InMemoryHubServer<TestHub>.Create(o => o.KeepAliveInterval = TimeSpan.FromMilliseconds(50));
        var client = (await server.ConnectAsync(setup: c => c.InherentKeepAlive = true)).Client;
        client.IgnorePings = false;
        client.Timeout = TimeSpan.FromMilliseconds(500);

        await Assert.ThrowsAsync<TimeoutException>(() => client.ReadMessageAsync());
    }

    [Fact]
    public async Task ASilentClientTimesOut()
    {
        await using var server = InMemoryHubServer<TestHub>.Create(o => o.ClientTimeoutInterval = TimeSpan.FromMilliseconds(300));
        var connection = await server.ConnectAsync();

        var close = Assert.IsType<CloseMessage>(await connection.Client.ReadMessageAsync());
        Assert.Equal("Server timeout elapsed without receiving a message from the client.", close.Error);
        Assert.True(close.AllowReconnect);
        Assert.True(await connection.ServedWithinAsync(Bound));
    }

    [Fact]
    public async Task ClientPingsKeepTheConnectionAlive()
    {
        await using var server = InMemoryHubServer<TestHub>.Create(o => o.ClientTimeoutInterval = TimeSpan.FromSeconds(1));
        var connection = await server.ConnectAsync();

        // Pinging for 1.5 timeouts: without the pings the connection would be gone.
        for (var i = 0; i < 15; i++)
        {
            await connection.Client.SendAsync(PingMessage.Instance);
            await Task.Delay(100);
        }

        Assert.False(connection.Served.IsCompleted);
        Assert.Equal("alive", (await connection.Client.InvokeAsync<string>("Echo", "alive")).Result);
    }
}
