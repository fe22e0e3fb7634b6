using System.Collections.Concurrent;
using HubFramework.Protocol;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace HubFramework.Client.Tests.Connection;

/// <summary>Connection-level behaviour against Microsoft's SignalR in this process: keep-alive, concurrency, handlers, redirects.</summary>
public sealed class ConnectionBehaviourTests
{
    [Fact]
    public async Task KeepAlivePingsKeepAnIdleConnectionOpenPastTheServersClientTimeout()
    {
        await using var server = await MicrosoftSignalRApp.StartAsync(configureSignalR: o =>
        {
            // Microsoft's server checks the client timeout on a 1 s heartbeat: keep the timeout well above that tick.
            o.ClientTimeoutInterval = TimeSpan.FromSeconds(2);
            o.KeepAliveInterval = TimeSpan.FromMilliseconds(200);
        });
        await using var connection = new HubConnectionBuilder()
            .WithUrl(server.HubUrl)
            .WithKeepAliveInterval(TimeSpan.FromMilliseconds(250))
            .WithServerTimeout(TimeSpan.FromSeconds(3))
            .Build();
        var closed = false;
        connection.Closed += _ => { closed = true; return Task.CompletedTask; };
        await Wait.For(connection.StartAsync());

        // Without pings the server would drop the idle client after 2 s.
        await Task.Delay(4000);

        Assert.False(closed);
        Assert.Equal(HubConnectionState.Connected, connection.State);
        Assert.Equal("still alive", await connection.InvokeAsync<string>("Echo", "still alive"));
    }

    [Fact]
    public async Task ConcurrentInvocationsFromManyThreadsAllGetTheirOwnResults()
    {
        await using var server = await MicrosoftSignalRApp.StartAsync();
        await using var connection = new HubConnectionBuilder().WithUrl(server.HubUrl).Build();
        await Wait.For(connection.StartAsync());

        var workers = Enumerable.Range(0, 8).Select(worker => Task.Run(async () =>
        {
            for (var i = 0; i < 150; i++)
            {
                var expected = $"{worker}-{i}";
                Assert.Equal(expected, await connection.InvokeAsync<string>("Echo", expected));
                if (i % 10 == 0)
                {
                    await connection.SendAsync("Echo", "fire-and-forget");
                }
            }
        }));

        await Wait.For(Task.WhenAll(workers), TimeSpan.FromSeconds(30));
        Assert.Equal(HubConnectionState.Connected, connection.State);
    }

    [Fact]
    public async Task UploadStopsOnceTheInvocationItFeedsHasCompleted()
    {
        await using var server = await MicrosoftSignalRApp.StartAsync();
        await using var connection = new HubConnectionBuilder().WithUrl(server.HubUrl).Build();
        await Wait.For(connection.StartAsync());
        var stopped = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        Assert.Equal(0, await Wait.For(connection.InvokeAsync<int>("First", Endless(stopped))));

        await Wait.For(stopped.Task);
        Assert.Equal("ok", await connection.InvokeAsync<string>("Echo", "ok"));

        static async IAsyncEnumerable<int> Endless(TaskCompletionSource stopped)
        {
            try
            {
                for (var i = 0; ; i++)
                {
                    yield return i;
                    await Task.Delay(10);
                }
            }
            finally
            {
                stopped.TrySetResult();
            }
        }
    }

    [Fact]
    public async Task HandlersAreRemovableAndMatchedCaseInsensitively()
    {
        await using var server = await MicrosoftSignalRApp.StartAsync();
        await using var connection = new HubConnectionBuilder().WithUrl(server.HubUrl).Build();
        var calls = new ConcurrentQueue<string>();
        var first = connection.On<string>("Notify", p => calls.Enqueue("first:" + p));
        connection.On<string>("notify", p => calls.Enqueue("second:" + p));
        connection.On("NOTIFY", [typeof(string)], (args, state) =>
        {
            calls.Enqueue($"{state}:{args[0]}");
            return Task.CompletedTask;
        }, "third");
        await Wait.For(connection.StartAsync());

        await connection.InvokeAsync("SendToCaller", "notify", "a");
        await Wait.UntilAsync(() => calls.Count == 3, "three handlers ran");
        Assert.Equal(["first:a", "second:a", "third:a"], calls);

        first.Dispose();
        await connection.InvokeAsync("SendToCaller", "notify", "b");
        await Wait.UntilAsync(() => calls.Count == 5, "two handlers ran");
        Assert.Equal(["second:b", "third:b"], calls.Skip(3));

        connection.Remove("Notify");
        await connection.InvokeAsync("SendToCaller", "notify", "c");
        await connection.InvokeAsync<string>("Echo", "barrier");
        Assert.Equal(5, calls.Count);
    }

    [Fact]
    public async Task AThrowingHandlerDoesNotStopTheOthersOrTheConnection()
    {
        await using var server = await MicrosoftSignalRApp.StartAsync();
        await using var connection = new HubConnectionBuilder().WithUrl(server.HubUrl).Build();
        var received = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        connection.On<string>("notify", _ => throw new InvalidOperationException("handler bug"));
        connection.On<string>("notify", p => received.TrySetResult(p));
        await Wait.For(connection.StartAsync());

        await connection.InvokeAsync("SendToCaller", "notify", "x");

        Assert.Equal("x", await Wait.For(received.Task));
        Assert.Equal("ok", await connection.InvokeAsync<string>("Echo", "ok"));
    }

    [Fact]
    public async Task NegotiateRedirectIsFollowedWithItsAccessToken()
    {
        await using var server = await MicrosoftSignalRApp.StartAsync();
        await using var redirector = await KestrelApp.StartAsync(app => app.MapPost("/hub/negotiate", (HttpContext context) =>
            context.Response.WriteAsync($"{{\"url\":\"{server.HubUrl}\",\"accessToken\":\"redirect-token\"}}")));
        await using var connection = new HubConnectionBuilder()
            .WithUrl(redirector.Url("hub"), HttpTransportType.WebSockets, o => o.AccessTokenProvider = () => Task.FromResult<string?>("original"))
            .Build();

        await Wait.For(connection.StartAsync());

        Assert.Equal("redirected", await connection.InvokeAsync<string>("Echo", "redirected"));
        var requests = server.Requests.ToArray();
        Assert.Contains(requests, r => r.Path == "/hub/negotiate");
        Assert.All(requests, r => Assert.Equal("Bearer redirect-token", r.Authorization));
    }

    [Fact]
    public async Task EndlessNegotiateRedirectsAreCut()
    {
        Uri? self = null;
        await using var redirector = await KestrelApp.StartAsync(app => app.MapPost("/hub/negotiate", (HttpContext context) =>
            context.Response.WriteAsync($"{{\"url\":\"{self}\"}}")));
        self = redirector.Url("hub");
        await using var connection = new HubConnectionBuilder().WithUrl(self, o => o.MaximumRedirects = 5).Build();

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => Wait.For(connection.StartAsync()));
        Assert.Contains("redirected more than 5 times", error.Message);
    }

    [Fact]
    public async Task InvokingWhileDisconnectedFailsAtOnce()
    {
        await using var connection = new HubConnectionBuilder().WithUrl("http://127.0.0.1:9/hub").Build();

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => connection.InvokeAsync("Echo", "x"));
        Assert.Contains("Disconnected", error.Message);
        await Assert.ThrowsAsync<InvalidOperationException>(() => connection.SendAsync("Echo", "x"));
    }

    [Fact]
    public async Task StartingTwiceIsRefusedAndDisposedConnectionsCannotStart()
    {
        await using var server = await MicrosoftSignalRApp.StartAsync();
        var connection = new HubConnectionBuilder().WithUrl(server.HubUrl).Build();
        await Wait.For(connection.StartAsync());

        await Assert.ThrowsAsync<InvalidOperationException>(() => connection.StartAsync());

        await connection.DisposeAsync();
        Assert.Equal(HubConnectionState.Disconnected, connection.State);
        await Assert.ThrowsAsync<ObjectDisposedException>(() => connection.StartAsync());
    }
}
