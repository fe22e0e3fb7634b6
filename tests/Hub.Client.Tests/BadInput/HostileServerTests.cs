using HubFramework.Protocol;

namespace HubFramework.Client.Tests.BadInput;

/// <summary>
/// A server that misbehaves: the client must end with a clear exception (start failure, or Closed with the
/// reason and every pending invocation failed), never hang.
/// </summary>
public sealed class HostileServerTests
{
    private static HubConnection Build(ScriptedHubServer server, Action<HubConnectionOptions>? configure = null) =>
        new HubConnectionBuilder()
            // The scripted server never answers a close frame: do not wait long for it.
            .WithUrl(server.HubUrl, HttpTransportType.WebSockets, o => o.CloseTimeout = TimeSpan.FromMilliseconds(200))
            .ConfigureConnection(o => configure?.Invoke(o))
            .Build();

    private static TaskCompletionSource<Exception?> ObserveClosed(HubConnection connection)
    {
        var closed = new TaskCompletionSource<Exception?>(TaskCreationOptions.RunContinuationsAsynchronously);
        connection.Closed += e =>
        {
            closed.TrySetResult(e);
            return Task.CompletedTask;
        };
        return closed;
    }

    [Fact]
    public async Task HandshakeErrorFailsStartWithTheServersMessage()
    {
        await using var server = await ScriptedHubServer.StartAsync();
        await using var connection = Build(server);
        var start = connection.StartAsync();
        var socket = await server.AcceptAsync();
        var request = await socket.HandshakeAsync("{\"error\":\"The protocol 'json' is not supported.\"}\u001e");
        await socket.CloseAsync();

        var error = await Assert.ThrowsAsync<HubException>(() => Wait.For(start));
        Assert.Contains("The protocol 'json' is not supported.", error.Message);
        Assert.Contains("\"protocol\":\"json\"", request);
        Assert.Equal(HubConnectionState.Disconnected, connection.State);
    }

    [Fact]
    public async Task MalformedHandshakeResponseFailsStart()
    {
        await using var server = await ScriptedHubServer.StartAsync();
        await using var connection = Build(server);
        var start = connection.StartAsync();
        var socket = await server.AcceptAsync();
        await socket.HandshakeAsync("this is not json\u001e");

        await Assert.ThrowsAsync<HubProtocolException>(() => Wait.For(start));
        Assert.Equal(HubConnectionState.Disconnected, connection.State);
    }

    [Fact]
    public async Task SilentServerFailsTheHandshakeAfterTheTimeout()
    {
        await using var server = await ScriptedHubServer.StartAsync();
        await using var connection = Build(server, o => o.HandshakeTimeout = TimeSpan.FromMilliseconds(300));
        var start = connection.StartAsync();
        var socket = await server.AcceptAsync();
        await socket.ReceiveRecordAsync();

        var error = await Assert.ThrowsAsync<TimeoutException>(() => Wait.For(start));
        Assert.Contains("handshake", error.Message);
    }

    [Fact]
    public async Task MalformedFrameClosesTheConnectionAndFailsPendingInvocations()
    {
        await using var server = await ScriptedHubServer.StartAsync();
        await using var connection = Build(server);
        var closed = ObserveClosed(connection);
        var start = connection.StartAsync();
        var socket = await server.AcceptAsync();
        await socket.HandshakeAsync();
        await Wait.For(start);

        var pending = connection.InvokeAsync<string>("Echo", "x");
        await socket.ReceiveRecordContainingAsync("\"Echo\"");
        await socket.SendAsync("{\"type\":1,\"target\":\u001e");

        var closeError = await Wait.For(closed.Task);
        Assert.IsType<HubProtocolException>(closeError);
        var invocationError = await Assert.ThrowsAsync<HubConnectionClosedException>(() => Wait.For(pending));
        Assert.Same(closeError, invocationError.InnerException);
        Assert.Equal(HubConnectionState.Disconnected, connection.State);
    }

    [Fact]
    public async Task OversizedMessageClosesTheConnectionWithAClearError()
    {
        await using var server = await ScriptedHubServer.StartAsync();
        await using var connection = Build(server, o => o.MaximumReceiveMessageSize = 1024);
        var closed = ObserveClosed(connection);
        var start = connection.StartAsync();
        var socket = await server.AcceptAsync();
        await socket.HandshakeAsync();
        await Wait.For(start);

        await socket.SendAsync($"{{\"type\":1,\"target\":\"big\",\"arguments\":[\"{new string('a', 4096)}\"]}}\u001e");

        var error = Assert.IsType<HubProtocolException>(await Wait.For(closed.Task));
        Assert.Contains("maximum message size of 1024", error.Message);
    }

    [Fact]
    public async Task EndlessRecordWithoutSeparatorIsCutAtTheLimitInsteadOfBuffered()
    {
        await using var server = await ScriptedHubServer.StartAsync();
        await using var connection = Build(server, o => o.MaximumReceiveMessageSize = 1024);
        var closed = ObserveClosed(connection);
        var start = connection.StartAsync();
        var socket = await server.AcceptAsync();
        await socket.HandshakeAsync();
        await Wait.For(start);

        for (var i = 0; i < 4; i++)
        {
            await socket.SendAsync("{\"type\":1,\"target\":\"x\",\"arguments\":[\"" + new string('b', 500));
        }

        Assert.IsType<HubProtocolException>(await Wait.For(closed.Task));
    }

    [Fact]
    public async Task TransportDroppedWithoutCloseFailsPendingInvocationsInsteadOfHanging()
    {
        await using var server = await ScriptedHubServer.StartAsync();
        await using var connection = Build(server);
        var closed = ObserveClosed(connection);
        var start = connection.StartAsync();
        var socket = await server.AcceptAsync();
        await socket.HandshakeAsync();
        await Wait.For(start);

        var pending = connection.InvokeAsync<string>("Echo", "x");
        var stream = connection.StreamAsync<int>("Counter", 10, 10).GetAsyncEnumerator();
        var firstItem = stream.MoveNextAsync().AsTask();
        await socket.ReceiveRecordContainingAsync("\"Counter\"");
        socket.Abort();

        Assert.NotNull(await Wait.For(closed.Task));
        var error = await Assert.ThrowsAsync<HubConnectionClosedException>(() => Wait.For(pending));
        Assert.Contains("connection was lost", error.Message);
        await Assert.ThrowsAsync<HubConnectionClosedException>(() => Wait.For(firstItem));
        await Assert.ThrowsAsync<InvalidOperationException>(() => connection.InvokeAsync("Echo", "after"));
    }

    [Fact]
    public async Task ServerCloseWithErrorIsReportedToClosed()
    {
        await using var server = await ScriptedHubServer.StartAsync();
        await using var connection = Build(server);
        var closed = ObserveClosed(connection);
        var start = connection.StartAsync();
        var socket = await server.AcceptAsync();
        await socket.HandshakeAsync();
        await Wait.For(start);

        await socket.SendAsync("{\"type\":7,\"error\":\"Connection closed with an error.\"}\u001e");
        await socket.CloseAsync();

        var error = Assert.IsType<HubException>(await Wait.For(closed.Task));
        Assert.Contains("Connection closed with an error.", error.Message);
    }

    [Fact]
    public async Task UnexpectedIdsAndBadArgumentsAreAnsweredWithoutLosingTheConnection()
    {
        await using var server = await ScriptedHubServer.StartAsync();
        await using var connection = Build(server);
        var received = new List<int>();
        connection.On<int>("numbers", n => received.Add(n));
        var start = connection.StartAsync();
        var socket = await server.AcceptAsync();
        await socket.HandshakeAsync();
        await Wait.For(start);

        var pending = connection.InvokeAsync<string>("Echo", "x");
        var invocation = await socket.ReceiveRecordContainingAsync("\"Echo\"");
        Assert.Contains("\"invocationId\":\"1\"", invocation);

        // Completion and stream item for ids nobody is waiting for: ignored.
        await socket.SendAsync("{\"type\":3,\"invocationId\":\"999\",\"result\":1}\u001e{\"type\":2,\"invocationId\":\"998\",\"item\":1}\u001e");
        // Arguments of the wrong type for the handler: the server asked for an answer, so it gets an error.
        await socket.SendAsync("{\"type\":1,\"invocationId\":\"s1\",\"target\":\"numbers\",\"arguments\":[\"not a number\"]}\u001e");
        var answer = await socket.ReceiveRecordContainingAsync("\"s1\"");
        Assert.Contains("\"type\":3", answer);
        Assert.Contains("\"error\":\"Client failed to parse the arguments of 'numbers'", answer);
        // No handler at all: "Client didn't provide a result."
        await socket.SendAsync("{\"type\":1,\"invocationId\":\"s2\",\"target\":\"nobody\",\"arguments\":[]}\u001e");
        Assert.Contains("\"error\":\"Client didn't provide a result.\"", await socket.ReceiveRecordContainingAsync("\"s2\""));

        await socket.SendAsync("{\"type\":1,\"target\":\"numbers\",\"arguments\":[7]}\u001e{\"type\":3,\"invocationId\":\"1\",\"result\":\"x\"}\u001e");
        Assert.Equal("x", await Wait.For(pending));
        Assert.Equal([7], received);
        Assert.Equal(HubConnectionState.Connected, connection.State);
    }

    [Fact]
    public async Task SilentServerIsDetectedWithinTheServerTimeoutWhilePingsKeepFlowing()
    {
        await using var server = await ScriptedHubServer.StartAsync();
        await using var connection = Build(server, o =>
        {
            o.ServerTimeout = TimeSpan.FromMilliseconds(600);
            o.KeepAliveInterval = TimeSpan.FromMilliseconds(100);
        });
        var closed = ObserveClosed(connection);
        var start = connection.StartAsync();
        var socket = await server.AcceptAsync();
        await socket.HandshakeAsync();
        await Wait.For(start);

        Assert.Equal("{\"type\":6}", await socket.ReceiveRecordAsync());
        var error = Assert.IsType<TimeoutException>(await Wait.For(closed.Task, TimeSpan.FromSeconds(5)));
        Assert.Contains("600 ms", error.Message);
    }

    [Theory]
    [InlineData("this is { not json", typeof(InvalidDataException))]
    [InlineData("{\"error\":\"This connection is not allowed.\"}", typeof(HubException))]
    public async Task BadNegotiateResponsesFailStartClearly(string body, Type expected)
    {
        await using var server = await ScriptedHubServer.StartAsync(context => Microsoft.AspNetCore.Http.HttpResponseWritingExtensions.WriteAsync(context.Response, body));
        await using var connection = Build(server);

        var error = await Record.ExceptionAsync(() => Wait.For(connection.StartAsync()));
        Assert.IsType(expected, error);
        if (expected == typeof(HubException))
        {
            Assert.Contains("This connection is not allowed.", error!.Message);
        }
    }

    [Fact]
    public async Task NegotiateServerErrorFailsStartWithTheStatus()
    {
        await using var server = await ScriptedHubServer.StartAsync(context =>
        {
            context.Response.StatusCode = 500;
            return Task.CompletedTask;
        });
        await using var connection = Build(server);

        var error = await Assert.ThrowsAsync<HttpRequestException>(() => Wait.For(connection.StartAsync()));
        Assert.Equal(System.Net.HttpStatusCode.InternalServerError, error.StatusCode);
    }
}
