using System.Runtime.CompilerServices;
using System.Threading.Channels;
using HubFramework.Protocol;

namespace HubFramework.Client.Tests.Contract;

/// <summary>
/// Every method of the interop contract (/work/shared/interop/CONTRACT.md), driven through our client over one
/// transport and protocol. Derived classes pick the server (Microsoft's or ours) and the combinations.
/// </summary>
public abstract class ContractTestsBase
{
    protected abstract Uri HubUrl { get; }

    protected abstract Uri SecureHubUrl { get; }

    protected virtual IHubConnectionBuilder Configure(IHubConnectionBuilder builder, string protocol) => builder;

    protected async Task<HubConnection> ConnectAsync(HttpTransportType transport, string protocol, Uri? url = null, Func<Task<string?>>? token = null)
    {
        var builder = new HubConnectionBuilder().WithUrl(url ?? HubUrl, transport, o => o.AccessTokenProvider = token);
        var connection = Configure(builder, protocol).Build();
        await Wait.For(connection.StartAsync());
        Assert.Equal(transport, connection.TransportType);
        return connection;
    }

    protected async Task InvokeAndSend(HttpTransportType transport, string protocol)
    {
        var welcome = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        var builder = new HubConnectionBuilder().WithUrl(HubUrl, transport, null);
        await using var connection = Configure(builder, protocol).Build();
        connection.On<string>("welcome", id => welcome.TrySetResult(id));
        await Wait.For(connection.StartAsync());

        Assert.Equal(HubConnectionState.Connected, connection.State);
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

        var thrown = await Assert.ThrowsAsync<HubException>(() => connection.InvokeAsync("Throw", "boom-42"));
        Assert.Contains("boom-42", thrown.Message);
        var unknown = await Assert.ThrowsAsync<HubException>(() => connection.InvokeAsync("NoSuchMethod"));
        Assert.Contains("Method does not exist", unknown.Message);

        var received = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        using (connection.On<string>("pong", p => received.TrySetResult(p)))
        {
            await connection.SendAsync("SendToCaller", "pong", "payload-1");
            Assert.Equal("payload-1", await Wait.For(received.Task));
        }

        // Still healthy after an error and a fire-and-forget call.
        Assert.Equal("again", await connection.InvokeAsync<string>("Echo", "again"));
    }

    protected async Task ServerToClientStream(HttpTransportType transport, string protocol)
    {
        await using var connection = await ConnectAsync(transport, protocol);

        var items = new List<int>();
        await foreach (var item in connection.StreamAsync<int>("Counter", 5, 5))
        {
            items.Add(item);
        }

        Assert.Equal([0, 1, 2, 3, 4], items);

        var channel = await connection.StreamAsChannelAsync<int>("Counter", 3, 1);
        var fromChannel = new List<int>();
        while (await Wait.For(channel.WaitToReadAsync().AsTask()))
        {
            while (channel.TryRead(out var item))
            {
                fromChannel.Add(item);
            }
        }

        Assert.Equal([0, 1, 2], fromChannel);

        // Leaving an endless stream early cancels it on the server; the connection goes on.
        var firstThree = new List<int>();
        await foreach (var item in connection.StreamAsync<int>("Counter", 100_000, 10))
        {
            firstThree.Add(item);
            if (firstThree.Count == 3)
            {
                break;
            }
        }

        Assert.Equal([0, 1, 2], firstThree);
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
        Assert.Equal("still here", await connection.InvokeAsync<string>("Echo", "still here"));
    }

    protected async Task ClientToServerStream(HttpTransportType transport, string protocol)
    {
        await using var connection = await ConnectAsync(transport, protocol);

        Assert.Equal(55, await Wait.For(connection.InvokeAsync<int>("Sum", Numbers(1, 10))));

        var channel = Channel.CreateUnbounded<int>();
        var sum = connection.InvokeAsync<int>("Sum", channel.Reader);
        for (var i = 1; i <= 100; i++)
        {
            await channel.Writer.WriteAsync(i);
        }

        channel.Writer.Complete();
        Assert.Equal(5050, await Wait.For(sum));

        var failed = await Assert.ThrowsAsync<HubException>(() => Wait.For(connection.InvokeAsync<int>("Sum", Failing("upload broke"))));
        Assert.Contains("upload broke", failed.Message);

        // Cancelling the invocation stops the upload and tells the server; the connection goes on.
        using var cancel = new CancellationTokenSource();
        var endless = Channel.CreateUnbounded<int>();
        await endless.Writer.WriteAsync(1);
        var cancelled = connection.InvokeAsync<int>("Sum", endless.Reader, cancel.Token);
        await Task.Delay(20);
        cancel.Cancel();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Wait.For(cancelled));

        Assert.Equal(3, await connection.InvokeAsync<int>("Sum", Numbers(1, 2)));
    }

    protected async Task ClientResults(HttpTransportType transport, string protocol)
    {
        await using var connection = await ConnectAsync(transport, protocol);

        var noHandler = await Assert.ThrowsAsync<HubException>(() => Wait.For(connection.InvokeAsync<string>("AskCaller", "anyone?")));
        Assert.Contains("Client didn't provide a result.", noHandler.Message);

        using (connection.On<string, string>("answer", question => $"answer to {question}"))
        {
            Assert.Equal("answer to life", await Wait.For(connection.InvokeAsync<string>("AskCaller", "life")));
        }

        using (connection.On<string, string>("answer", async question =>
               {
                   await Task.Delay(5);
                   return question.ToUpperInvariant();
               }))
        {
            Assert.Equal("ASYNC", await Wait.For(connection.InvokeAsync<string>("AskCaller", "async")));
        }

        using (connection.On("answer", (Func<string, string>)(_ => throw new InvalidOperationException("handler refused"))))
        {
            var refused = await Assert.ThrowsAsync<HubException>(() => Wait.For(connection.InvokeAsync<string>("AskCaller", "q")));
            Assert.Contains("handler refused", refused.Message);
        }
    }

    protected async Task GroupsAndBroadcast(HttpTransportType transport, string protocol)
    {
        await using var first = await ConnectAsync(transport, protocol);
        await using var second = await ConnectAsync(transport, protocol);
        var group = "g-" + Guid.NewGuid().ToString("N");
        var firstGroup = Channel.CreateUnbounded<string>();
        var secondGroup = Channel.CreateUnbounded<string>();
        first.On<string, string>("groupMessage", (g, m) => { if (g == group) { firstGroup.Writer.TryWrite(m); } });
        second.On<string, string>("groupMessage", (g, m) => { if (g == group) { secondGroup.Writer.TryWrite(m); } });

        await first.InvokeAsync("JoinGroup", group);
        await second.InvokeAsync("SendToGroup", group, "to members");
        Assert.Equal("to members", await Wait.For(firstGroup.Reader.ReadAsync().AsTask()));

        await second.InvokeAsync("JoinGroup", group);
        await first.InvokeAsync("LeaveGroup", group);
        await first.InvokeAsync("SendToGroup", group, "after leave");
        Assert.Equal("after leave", await Wait.For(secondGroup.Reader.ReadAsync().AsTask()));
        // A round trip on the first connection orders any stray group message before this check.
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

    protected async Task Authentication(HttpTransportType transport, string protocol)
    {
        await using var authorized = await ConnectAsync(transport, protocol, SecureHubUrl, () => Task.FromResult<string?>("interop-token"));
        Assert.Equal("interop-user", await authorized.InvokeAsync<string>("GetUser"));
        var direct = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        authorized.On<string>("direct", m => direct.TrySetResult(m));
        await authorized.InvokeAsync("SendToUser", "interop-user", "to the user");
        Assert.Equal("to the user", await Wait.For(direct.Task));

        var builder = new HubConnectionBuilder().WithUrl(SecureHubUrl, transport, o => o.AccessTokenProvider = () => Task.FromResult<string?>("wrong"));
        await using var refused = Configure(builder, protocol).Build();
        var error = await Assert.ThrowsAsync<HttpRequestException>(() => Wait.For(refused.StartAsync()));
        Assert.Equal(System.Net.HttpStatusCode.Unauthorized, error.StatusCode);
        Assert.Equal(HubConnectionState.Disconnected, refused.State);
    }

    protected async Task ServerDisconnect(HttpTransportType transport, string protocol)
    {
        var builder = new HubConnectionBuilder().WithUrl(HubUrl, transport, null).WithAutomaticReconnect([TimeSpan.Zero]);
        await using var connection = Configure(builder, protocol).Build();
        var closed = new TaskCompletionSource<Exception?>(TaskCreationOptions.RunContinuationsAsynchronously);
        var reconnecting = false;
        connection.Closed += e => { closed.TrySetResult(e); return Task.CompletedTask; };
        connection.Reconnecting += _ => { reconnecting = true; return Task.CompletedTask; };
        await Wait.For(connection.StartAsync());

        await connection.SendAsync("Disconnect");
        Assert.Null(await Wait.For(closed.Task));
        Assert.False(reconnecting);
        Assert.Equal(HubConnectionState.Disconnected, connection.State);
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
