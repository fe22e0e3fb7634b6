using System.Runtime.CompilerServices;
using System.Threading.Channels;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;
using MsClient = Microsoft.AspNetCore.SignalR.Client;
using MsHubException = Microsoft.AspNetCore.SignalR.HubException;

namespace HubFramework.Client.Tests.Contract;

/// <summary>
/// Microsoft's .NET client (<c>Microsoft.AspNetCore.SignalR.Client</c> 10.0.15, with its MessagePack protocol)
/// against our server (tests/Hub.InteropServer): every contract method, objects included, over each transport
/// and protocol the client supports (its MessagePack protocol is binary, so not over Server-Sent Events).
/// </summary>
public sealed class MicrosoftClientContractTests(InteropServerFixture server) : IClassFixture<InteropServerFixture>
{
    public static TheoryData<HttpTransportType, string> Combinations => new()
    {
        { HttpTransportType.WebSockets, "json" },
        { HttpTransportType.ServerSentEvents, "json" },
        { HttpTransportType.LongPolling, "json" },
        { HttpTransportType.WebSockets, "messagepack" },
        { HttpTransportType.LongPolling, "messagepack" },
    };

    [Theory]
    [MemberData(nameof(Combinations))]
    public async Task InvokesAndSends(HttpTransportType transport, string protocol)
    {
        var welcome = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var connection = Build(transport, protocol);
        connection.On<string>("welcome", id => welcome.TrySetResult(id));
        await Wait.For(connection.StartAsync());

        Assert.Equal(connection.ConnectionId, await Wait.For(welcome.Task));
        Assert.Equal(connection.ConnectionId, await connection.InvokeAsync<string>("GetConnectionId"));
        Assert.Equal("hello ✓", await connection.InvokeAsync<string>("Echo", "hello ✓"));
        Assert.Equal(42, await connection.InvokeAsync<int>("Add", 40, 2));
        Assert.Equal(new byte[] { 0, 1, 2, 254, 255 }, await connection.InvokeAsync<byte[]>("EchoBytes", new byte[] { 0, 1, 2, 254, 255 }));
        var sent = new InteropObject("n", 7, ["a", "b"]);
        var echoed = await connection.InvokeAsync<InteropObject>("EchoObject", sent);
        Assert.Equal((sent.Name, sent.Value), (echoed.Name, echoed.Value));
        Assert.Equal(sent.Tags, echoed.Tags);
        Assert.Null(await connection.InvokeAsync<string?>("GetUser"));

        var thrown = await Assert.ThrowsAsync<MsHubException>(() => connection.InvokeAsync("Throw", "boom-42"));
        Assert.Contains("boom-42", thrown.Message);
        var unknown = await Assert.ThrowsAsync<MsHubException>(() => connection.InvokeAsync("NoSuchMethod"));
        Assert.Contains("Method does not exist", unknown.Message);

        var received = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        using (connection.On<string>("pong", p => received.TrySetResult(p)))
        {
            await connection.SendAsync("SendToCaller", "pong", "payload-1");
            Assert.Equal("payload-1", await Wait.For(received.Task));
        }

        Assert.Equal("again", await connection.InvokeAsync<string>("Echo", "again"));
    }

    [Theory]
    [MemberData(nameof(Combinations))]
    public async Task StreamsBothWays(HttpTransportType transport, string protocol)
    {
        await using var connection = await ConnectAsync(transport, protocol);

        var items = new List<int>();
        await foreach (var item in connection.StreamAsync<int>("Counter", 5, 5))
        {
            items.Add(item);
        }

        Assert.Equal([0, 1, 2, 3, 4], items);

        using var cancel = new CancellationTokenSource();
        var cancelled = new List<int>();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () =>
        {
            await foreach (var item in connection.StreamAsync<int>("Counter", 100_000, 10, cancel.Token))
            {
                cancelled.Add(item);
                if (cancelled.Count == 2)
                {
                    cancel.Cancel();
                }
            }
        });

        Assert.Equal(55, await Wait.For(connection.InvokeAsync<int>("Sum", Numbers(1, 10))));
        var channel = Channel.CreateUnbounded<int>();
        var sum = connection.InvokeAsync<int>("Sum", channel.Reader);
        for (var i = 1; i <= 100; i++)
        {
            await channel.Writer.WriteAsync(i);
        }

        channel.Writer.Complete();
        Assert.Equal(5050, await Wait.For(sum));
        var failed = await Assert.ThrowsAsync<MsHubException>(() => Wait.For(connection.InvokeAsync<int>("Sum", Failing("upload broke"))));
        Assert.Contains("upload broke", failed.Message);
        Assert.Equal("still here", await connection.InvokeAsync<string>("Echo", "still here"));
    }

    [Theory]
    [MemberData(nameof(Combinations))]
    public async Task AnswersClientResults(HttpTransportType transport, string protocol)
    {
        await using var connection = await ConnectAsync(transport, protocol);
        var noHandler = await Assert.ThrowsAsync<MsHubException>(() => Wait.For(connection.InvokeAsync<string>("AskCaller", "anyone?")));
        // Microsoft's client answers an invocation it has no handler for with a binding error (ours: "didn't provide").
        Assert.Contains("Client failed to parse argument(s).", noHandler.Message);

        using (connection.On<string, string>("answer", question => $"answer to {question}"))
        {
            Assert.Equal("answer to life", await Wait.For(connection.InvokeAsync<string>("AskCaller", "life")));
        }
    }

    [Theory]
    [MemberData(nameof(Combinations))]
    public async Task UsesGroupsAndBroadcasts(HttpTransportType transport, string protocol)
    {
        await using var first = await ConnectAsync(transport, protocol);
        await using var second = await ConnectAsync(transport, protocol);
        var group = "g-" + Guid.NewGuid().ToString("N");
        var firstGroup = Channel.CreateUnbounded<string>();
        first.On<string, string>("groupMessage", (g, m) => { if (g == group) { firstGroup.Writer.TryWrite(m); } });
        await first.InvokeAsync("JoinGroup", group);
        await second.InvokeAsync("SendToGroup", group, "to members");
        Assert.Equal("to members", await Wait.For(firstGroup.Reader.ReadAsync().AsTask()));
        await first.InvokeAsync("LeaveGroup", group);
        await second.InvokeAsync("SendToGroup", group, "after leave");
        await first.InvokeAsync<string>("Echo", "barrier");
        Assert.False(firstGroup.Reader.TryRead(out _));

        var tag = Guid.NewGuid().ToString("N");
        var firstBroadcasts = Channel.CreateUnbounded<string>();
        var secondBroadcasts = Channel.CreateUnbounded<string>();
        first.On<string>("broadcast", m => { if (m.StartsWith(tag, StringComparison.Ordinal)) { firstBroadcasts.Writer.TryWrite(m); } });
        second.On<string>("broadcast", m => { if (m.StartsWith(tag, StringComparison.Ordinal)) { secondBroadcasts.Writer.TryWrite(m); } });
        await first.InvokeAsync("Broadcast", tag + "all");
        Assert.Equal(tag + "all", await Wait.For(firstBroadcasts.Reader.ReadAsync().AsTask()));
        Assert.Equal(tag + "all", await Wait.For(secondBroadcasts.Reader.ReadAsync().AsTask()));
        await first.InvokeAsync("BroadcastOthers", tag + "others");
        Assert.Equal(tag + "others", await Wait.For(secondBroadcasts.Reader.ReadAsync().AsTask()));
        await first.InvokeAsync<string>("Echo", "barrier");
        Assert.False(firstBroadcasts.Reader.TryRead(out _));

        var direct = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        second.On<string>("direct", m => direct.TrySetResult(m));
        await first.InvokeAsync("SendToConnection", second.ConnectionId, "just you");
        Assert.Equal("just you", await Wait.For(direct.Task));
    }

    [Theory]
    [MemberData(nameof(Combinations))]
    public async Task AuthenticatesWithBearerToken(HttpTransportType transport, string protocol)
    {
        await using var authorized = await ConnectAsync(transport, protocol, "hubs/interop-secure", "interop-token");
        Assert.Equal("interop-user", await authorized.InvokeAsync<string>("GetUser"));
        var direct = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        authorized.On<string>("direct", m => direct.TrySetResult(m));
        await authorized.InvokeAsync("SendToUser", "interop-user", "to the user");
        Assert.Equal("to the user", await Wait.For(direct.Task));

        await using var refused = Build(transport, protocol, "hubs/interop-secure", "wrong");
        var error = await Assert.ThrowsAsync<HttpRequestException>(() => Wait.For(refused.StartAsync()));
        Assert.Equal(System.Net.HttpStatusCode.Unauthorized, error.StatusCode);
    }

    [Theory]
    [MemberData(nameof(Combinations))]
    public async Task ServerAbortClosesTheConnection(HttpTransportType transport, string protocol)
    {
        await using var connection = await ConnectAsync(transport, protocol);
        var closed = new TaskCompletionSource<Exception?>(TaskCreationOptions.RunContinuationsAsynchronously);
        connection.Closed += e => { closed.TrySetResult(e); return Task.CompletedTask; };
        await connection.SendAsync("Disconnect");
        await Wait.For(closed.Task);
        Assert.Equal(MsClient.HubConnectionState.Disconnected, connection.State);
    }

    private MsClient.HubConnection Build(HttpTransportType transport, string protocol, string path = "hubs/interop", string? token = null)
    {
        var builder = new MsClient.HubConnectionBuilder().WithUrl(server.HubUrl(path), transport, o =>
        {
            if (token is not null)
            {
                o.AccessTokenProvider = () => Task.FromResult<string?>(token);
            }
        });
        if (protocol == "messagepack")
        {
            builder.AddMessagePackProtocol();
        }

        return builder.Build();
    }

    private async Task<MsClient.HubConnection> ConnectAsync(HttpTransportType transport, string protocol, string path = "hubs/interop", string? token = null)
    {
        var connection = Build(transport, protocol, path, token);
        await Wait.For(connection.StartAsync());
        return connection;
    }

    private static async IAsyncEnumerable<int> Numbers(int from, int to)
    {
        for (var i = from; i <= to; i++)
        {
            await Task.Yield();
            yield return i;
        }
    }

    private static async IAsyncEnumerable<int> Failing(string message, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        yield return 1;
        await Task.Delay(1, cancellationToken);
        throw new InvalidOperationException(message);
    }
}
