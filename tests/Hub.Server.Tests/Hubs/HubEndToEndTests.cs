using System.Net;
using System.Net.WebSockets;
using System.Text;
using HubFramework.Protocol;
using HubFramework.Protocol.Json;
using HubFramework.Protocol.MessagePack;
using HubFramework.Server.Tests.Infrastructure;

namespace HubFramework.Server.Tests.Hubs;

/// <summary>The hub layer over real Kestrel and real WebSockets, driven by a raw protocol client.</summary>
public class HubEndToEndTests
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(10);

    private static async Task<RawHubClient> ConnectAsync(KestrelHost host, IHubProtocol? protocol = null, bool negotiate = true, string path = HubKestrelServer.TestPath, string? accessToken = null, bool handshake = true)
    {
        var client = await RawHubClient.ConnectWebSocketAsync(host.BaseUri, path, protocol ?? new JsonHubProtocol(), negotiate, accessToken);
        if (handshake)
        {
            await client.HandshakeAsync();
        }

        return client;
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task JsonOverWebSocketsWithAndWithoutNegotiate(bool negotiate)
    {
        await using var host = await HubKestrelServer.StartAsync();
        await using var client = await ConnectAsync(host, negotiate: negotiate);

        Assert.Equal("hi", (await client.InvokeAsync<string>("Echo", "hi")).Result);
        Assert.Equal(5, (await client.InvokeAsync<int>("Add", 2, 3)).Result);
        Assert.All(client.Frames, f => Assert.Equal(WebSocketMessageType.Text, f.Type));
        if (negotiate)
        {
            Assert.Equal(client.ConnectionId, (await client.InvokeAsync<string>("GetConnectionId")).Result);
        }
    }

    [Fact]
    public async Task MessagePackOverWebSocketsUsesBinaryFrames()
    {
        await using var host = await HubKestrelServer.StartAsync();
        await using var client = await ConnectAsync(host, new MessagePackHubProtocol());

        Assert.Equal("bin", (await client.InvokeAsync<string>("Echo", "bin")).Result);
        Assert.Equal(7, (await client.InvokeAsync<int>("Add", 3, 4)).Result);
        Assert.Equal(
            "An unexpected error occurred invoking 'Throw' on the server. HubException: packed",
            (await client.InvokeAsync("Throw", "packed")).Error);
        Assert.Contains(client.Frames, f => f.Type == WebSocketMessageType.Binary);
    }

    [Theory]
    [InlineData("{\"protocol\":\"json\",\"version\":1\u001e", "An unexpected error occurred during connection handshake.")]
    [InlineData("hello\u001e", "An unexpected error occurred during connection handshake.")]
    [InlineData("{\"version\":1}\u001e", "An unexpected error occurred during connection handshake.")]
    [InlineData("{\"protocol\":\"foo\",\"version\":1}\u001e", "The protocol 'foo' is not supported.")]
    [InlineData("{\"protocol\":\"json\",\"version\":99}\u001e", "The server does not support version 99 of the 'json' protocol.")]
    public async Task HandshakeErrorsAreAnsweredThenTheSocketCloses(string request, string error)
    {
        await using var host = await HubKestrelServer.StartAsync();
        await using var client = await ConnectAsync(host, handshake: false);

        await client.SendRawAsync(request);

        Assert.Equal(error, (await client.ReadHandshakeResponseAsync()).Error);
        Assert.True(await client.WaitForServerCloseAsync(Bound));
        await AssertServerStillServesAsync(host);
    }

    [Fact]
    public async Task BinaryGarbageHandshakeIsAnswered()
    {
        await using var host = await HubKestrelServer.StartAsync();
        await using var client = await ConnectAsync(host, new MessagePackHubProtocol(), handshake: false);

        await client.SendRawAsync(new byte[] { 0x91, 0x00, 0xFF, 0xC1, 0x1E });

        Assert.Equal("An unexpected error occurred during connection handshake.", (await client.ReadHandshakeResponseAsync()).Error);
        Assert.True(await client.WaitForServerCloseAsync(Bound));
    }

    [Fact]
    public async Task ASilentClientIsDroppedAfterTheHandshakeTimeout()
    {
        await using var host = await HubKestrelServer.StartAsync(o => o.HandshakeTimeout = TimeSpan.FromMilliseconds(300));
        await using var client = await ConnectAsync(host, handshake: false);

        Assert.Equal("Handshake was canceled.", (await client.ReadHandshakeResponseAsync()).Error);
        Assert.True(await client.WaitForServerCloseAsync(Bound));
    }

    [Fact]
    public async Task WelcomeFromOnConnectedFollowsTheHandshakeResponse()
    {
        await using var host = await HubKestrelServer.StartAsync();
        host.Log().SendWelcome = true;
        await using var client = await ConnectAsync(host, handshake: false);
        client.Binder.On("welcome", typeof(string));

        await client.HandshakeAsync();

        var welcome = await client.ReadMessageAsync<InvocationMessage>();
        Assert.Equal("welcome", welcome.Target);
        Assert.Equal(client.ConnectionId, welcome.Arguments[0]);
    }

    [Fact]
    public async Task InvocationErrorTextsMatchMicrosofts()
    {
        await using var host = await HubKestrelServer.StartAsync();
        await using var client = await ConnectAsync(host);

        Assert.Equal("An unexpected error occurred invoking 'Throw' on the server. HubException: boom", (await client.InvokeAsync("Throw", "boom")).Error);
        Assert.Equal("Failed to invoke 'X' due to an error on the server. HubException: Method does not exist.", (await client.InvokeAsync("X")).Error);
        Assert.Equal("Failed to invoke 'Add' due to an error on the server.", (await client.InvokeAsync("Add", "a", "b")).Error);
        Assert.Equal("Failed to invoke 'Add' due to an error on the server.", (await client.InvokeAsync("Add", 1)).Error);
        Assert.Equal("The client attempted to invoke the streaming 'Counter' method with a non-streaming invocation.", (await client.InvokeAsync("Counter", 1, 1)).Error);
        Assert.Equal("An unexpected error occurred invoking 'Fail' on the server.", (await client.InvokeAsync("Fail")).Error);

        await client.SendRawAsync("{\"type\":1,\"invocationId\":\"v\",\"target\":\"Nothing\",\"arguments\":[]}\u001e");
        Assert.Equal("{\"type\":3,\"invocationId\":\"v\",\"result\":null}", await client.ReadTextRecordAsync());
    }

    [Fact]
    public async Task StreamsFlowBothWaysAndCancel()
    {
        await using var host = await HubKestrelServer.StartAsync();
        await using var client = await ConnectAsync(host);
        client.Binder.ExpectResult("down", typeof(int));
        client.Binder.ExpectResult("sum", typeof(int));

        await client.SendAsync(new StreamInvocationMessage("down", "Counter", [1_000_000, 10]));
        Assert.Equal(0, (await client.ReadMessageAsync<StreamItemMessage>()).Item);
        Assert.Equal(1, (await client.ReadMessageAsync<StreamItemMessage>()).Item);
        await client.SendAsync(new CancelInvocationMessage("down"));
        var end = await client.ReadCompletionAsync("down");
        Assert.Null(end.Error);
        await host.Log().Cancelled.Task.WaitAsync(Bound);

        await client.SendAsync(new InvocationMessage("sum", "Sum", [], ["up"]));
        for (var i = 1; i <= 10; i++)
        {
            await client.SendAsync(new StreamItemMessage("up", i));
        }

        await client.SendAsync(CompletionMessage.Empty("up"));
        Assert.Equal(55, (await client.ReadCompletionAsync("sum")).Result);
    }

    [Fact]
    public async Task ClientResultsRoundTrip()
    {
        await using var host = await HubKestrelServer.StartAsync();
        await using var client = await ConnectAsync(host);
        client.Binder.On("answer", typeof(string));
        client.Binder.ExpectResult("1", typeof(string));

        await client.SendAsync(new InvocationMessage("1", "AskCaller", ["ready?"]));
        var question = await client.ReadMessageAsync<InvocationMessage>();
        await client.SendAsync(CompletionMessage.WithResult(question.InvocationId!, "yes"));

        Assert.Equal("yes", (await client.ReadCompletionAsync("1")).Result);
    }

    [Fact]
    public async Task KeepAlivePingsArrive()
    {
        await using var host = await HubKestrelServer.StartAsync(o => o.KeepAliveInterval = TimeSpan.FromMilliseconds(100));
        await using var client = await ConnectAsync(host);
        client.IgnorePings = false;

        Assert.IsType<PingMessage>(await client.ReadMessageAsync());
    }

    [Fact]
    public async Task ASilentClientTimesOutAndTheSocketCloses()
    {
        await using var host = await HubKestrelServer.StartAsync(o => o.ClientTimeoutInterval = TimeSpan.FromMilliseconds(400));
        await using var client = await ConnectAsync(host);

        var close = await client.ReadMessageAsync<CloseMessage>();
        Assert.Equal("Server timeout elapsed without receiving a message from the client.", close.Error);
        Assert.True(await client.WaitForServerCloseAsync(Bound));
    }

    [Fact]
    public async Task AnOversizeMessageClosesOnlyThatConnection()
    {
        await using var host = await HubKestrelServer.StartAsync(o => o.MaximumReceiveMessageSize = 4096);
        await using var offender = await ConnectAsync(host);
        await using var bystander = await ConnectAsync(host);

        await offender.SendAsync(new InvocationMessage("1", "Echo", [new string('x', 10_000)]));

        Assert.Equal("{\"type\":7,\"error\":\"Connection closed with an error.\",\"allowReconnect\":true}", await offender.ReadTextRecordAsync());
        Assert.True(await offender.WaitForServerCloseAsync(Bound));
        Assert.Equal(WebSocketCloseStatus.NormalClosure, offender.CloseStatus);
        Assert.Equal("fine", (await bystander.InvokeAsync<string>("Echo", "fine")).Result);
        await AssertServerStillServesAsync(host);
    }

    [Fact]
    public async Task GarbageAfterTheHandshakeClosesWithAnError()
    {
        await using var host = await HubKestrelServer.StartAsync();
        await using var client = await ConnectAsync(host);

        await client.SendRawAsync(Encoding.UTF8.GetBytes("{{{{\u001e"));

        Assert.Equal("{\"type\":7,\"error\":\"Connection closed with an error.\",\"allowReconnect\":true}", await client.ReadTextRecordAsync());
        Assert.True(await client.WaitForServerCloseAsync(Bound));
        await AssertServerStillServesAsync(host);
    }

    [Fact]
    public async Task ContextAbortSendsACloseWithoutErrorThenNormalClosure()
    {
        await using var host = await HubKestrelServer.StartAsync();
        await using var client = await ConnectAsync(host);

        await client.SendAsync(new InvocationMessage("1", "Disconnect", []));

        var close = await client.ReadMessageAsync<CloseMessage>();
        Assert.Null(close.Error);
        Assert.True(await client.WaitForServerCloseAsync(Bound));
        Assert.Equal(WebSocketCloseStatus.NormalClosure, client.CloseStatus);
    }

    [Fact]
    public async Task AClientCloseIsEchoed()
    {
        await using var host = await HubKestrelServer.StartAsync();
        await using var client = await ConnectAsync(host);

        await client.SendRawAsync("{\"type\":7}\u001e");

        Assert.Equal("{\"type\":7}", await client.ReadTextRecordAsync());
        Assert.True(await client.WaitForServerCloseAsync(Bound));
    }

    [Fact]
    public async Task GracefulShutdownClosesWithAllowReconnect()
    {
        var host = await HubKestrelServer.StartAsync();
        try
        {
            await using var client = await ConnectAsync(host);
            await client.InvokeAsync<string>("Echo", "before");

            var stopping = host.StopAsync();

            Assert.Equal("{\"type\":7,\"allowReconnect\":true}", await client.ReadTextRecordAsync());
            Assert.True(await client.WaitForServerCloseAsync(Bound));
            await stopping.WaitAsync(Bound);
        }
        finally
        {
            await host.DisposeAsync();
        }
    }

    [Fact]
    public async Task MethodAuthorizationUsesTheConnectionsUser()
    {
        await using var host = await HubKestrelServer.StartAsync();
        await using var guest = await ConnectAsync(host, accessToken: "user:guest");
        await using var admin = await ConnectAsync(host, accessToken: "admin:root");

        Assert.Equal("Failed to invoke 'Secret' because user is unauthorized", (await guest.InvokeAsync("Secret")).Error);
        Assert.Equal("the secret", (await admin.InvokeAsync<string>("Secret")).Result);
        Assert.Equal("root", (await admin.InvokeAsync<string>("GetUser")).Result);
    }

    [Fact]
    public async Task HubLevelAuthorizeProtectsNegotiateAndTheSocket()
    {
        await using var host = await HubKestrelServer.StartAsync();
        using var http = new HttpClient();

        var anonymous = await http.PostAsync(host.Url(HubKestrelServer.SecurePath + "/negotiate?negotiateVersion=1"), null);
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        await Assert.ThrowsAnyAsync<Exception>(() => ConnectAsync(host, negotiate: false, path: HubKestrelServer.SecurePath));

        await using var client = await ConnectAsync(host, path: HubKestrelServer.SecurePath, accessToken: "user:ann");
        Assert.Equal("ann", (await client.InvokeAsync<string>("WhoAmI")).Result);
    }

    [Fact]
    public async Task TheParallelInvocationLimitHoldsOverTheWire()
    {
        await using var host = await HubKestrelServer.StartAsync(o => o.MaximumParallelInvocationsPerClient = 2);
        await using var client = await ConnectAsync(host);

        for (var i = 1; i <= 4; i++)
        {
            await client.SendAsync(new InvocationMessage(i.ToString(System.Globalization.CultureInfo.InvariantCulture), "Slow", [400]));
        }

        for (var i = 1; i <= 4; i++)
        {
            await client.ReadCompletionAsync(i.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        Assert.Equal(2, host.Log().MaxRunning);
    }

    [Fact]
    public async Task TheRateLimitAppliesPerConnection()
    {
        await using var host = await HubKestrelServer.StartAsync(o => o.RateLimit = new HubFramework.Server.Hubs.InvocationRateLimitOptions
        {
            TokenLimit = 2,
            TokensPerPeriod = 1,
            ReplenishmentPeriod = TimeSpan.FromHours(1),
        });
        await using var busy = await ConnectAsync(host);
        await using var quiet = await ConnectAsync(host);

        Assert.Null((await busy.InvokeAsync("Echo", "1")).Error);
        Assert.EndsWith("Method does not exist.", (await busy.InvokeAsync("NoSuchMethod")).Error);
        Assert.Equal("Failed to invoke 'Echo' due to an error on the server. HubException: Rate limit exceeded.", (await busy.InvokeAsync("Echo", "3")).Error);
        Assert.Equal("other", (await quiet.InvokeAsync<string>("Echo", "other")).Result);
    }

    private static async Task AssertServerStillServesAsync(KestrelHost host)
    {
        await using var fresh = await ConnectAsync(host);
        Assert.Equal("alive", (await fresh.InvokeAsync<string>("Echo", "alive")).Result);
    }
}
