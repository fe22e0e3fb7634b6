using HubFramework.Protocol;

namespace HubFramework.Client.Tests.Reconnect;

/// <summary>When automatic reconnect does and does not happen, against Microsoft's SignalR in this process.</summary>
public sealed class AutomaticReconnectTests
{
    private sealed class Events
    {
        public TaskCompletionSource<Exception?> Closed { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public TaskCompletionSource<Exception?> Reconnecting { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public TaskCompletionSource<string?> Reconnected { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public static Events Observe(HubConnection connection)
        {
            var events = new Events();
            connection.Closed += e => { events.Closed.TrySetResult(e); return Task.CompletedTask; };
            connection.Reconnecting += e => { events.Reconnecting.TrySetResult(e); return Task.CompletedTask; };
            connection.Reconnected += id => { events.Reconnected.TrySetResult(id); return Task.CompletedTask; };
            return events;
        }
    }

    [Fact]
    public async Task GivesUpWhenThePolicySaysSoAndReportsWhy()
    {
        // Through a proxy that then goes away: the server itself could still serve reconnects on kept-alive HTTP connections.
        await using var server = await MicrosoftSignalRApp.StartAsync();
        var proxy = new TcpProxy(server.HubUrl);
        await using var connection = new HubConnectionBuilder()
            .WithUrl(proxy.Url("hub"))
            .WithAutomaticReconnect([TimeSpan.Zero, TimeSpan.FromMilliseconds(50)])
            .Build();
        var events = Events.Observe(connection);
        await Wait.For(connection.StartAsync());

        await proxy.DisposeAsync();

        await Wait.For(events.Reconnecting.Task);
        var closed = Assert.IsType<HubConnectionClosedException>(await Wait.For(events.Closed.Task));
        Assert.Contains("Reconnecting gave up after 2 attempt(s)", closed.Message);
        Assert.NotNull(closed.InnerException);
        Assert.Equal(HubConnectionState.Disconnected, connection.State);
        Assert.False(events.Reconnected.Task.IsCompleted);
    }

    [Fact]
    public async Task StopAsyncDuringReconnectEndsItAtOnce()
    {
        await using var server = await MicrosoftSignalRApp.StartAsync();
        var proxy = new TcpProxy(server.HubUrl);
        await using var connection = new HubConnectionBuilder()
            .WithUrl(proxy.Url("hub"))
            .WithAutomaticReconnect([TimeSpan.Zero, TimeSpan.FromMinutes(5)])
            .Build();
        var events = Events.Observe(connection);
        await Wait.For(connection.StartAsync());
        await proxy.DisposeAsync();
        await Wait.For(events.Reconnecting.Task);

        await Wait.For(connection.StopAsync(), TimeSpan.FromSeconds(5));

        Assert.Null(await Wait.For(events.Closed.Task));
        Assert.Equal(HubConnectionState.Disconnected, connection.State);
    }

    [Fact]
    public async Task NoReconnectAfterStopAsync()
    {
        await using var server = await MicrosoftSignalRApp.StartAsync();
        await using var connection = new HubConnectionBuilder().WithUrl(server.HubUrl).WithAutomaticReconnect().Build();
        var events = Events.Observe(connection);
        await Wait.For(connection.StartAsync());

        await Wait.For(connection.StopAsync());

        Assert.Null(await Wait.For(events.Closed.Task));
        Assert.False(events.Reconnecting.Task.IsCompleted);
        Assert.Equal(HubConnectionState.Disconnected, connection.State);
        await Assert.ThrowsAsync<InvalidOperationException>(() => connection.InvokeAsync("Echo", "x"));

        // A stopped connection can be started again.
        await Wait.For(connection.StartAsync());
        Assert.Equal("again", await connection.InvokeAsync<string>("Echo", "again"));
    }

    [Fact]
    public async Task ServerCloseThatAllowsReconnectIsFollowedByAReconnect()
    {
        // Microsoft's server closes with allowReconnect when a message is over its size limit.
        await using var server = await MicrosoftSignalRApp.StartAsync(configureSignalR: o => o.MaximumReceiveMessageSize = 1024);
        await using var connection = new HubConnectionBuilder()
            .WithUrl(server.HubUrl)
            .WithAutomaticReconnect([TimeSpan.Zero])
            .Build();
        var events = Events.Observe(connection);
        await Wait.For(connection.StartAsync());
        var firstId = connection.ConnectionId;

        var oversized = connection.InvokeAsync<string>("Echo", new string('x', 4096));

        await Assert.ThrowsAsync<HubConnectionClosedException>(() => Wait.For(oversized));
        var reason = Assert.IsType<HubException>(await Wait.For(events.Reconnecting.Task));
        Assert.Contains("Connection closed with an error.", reason.Message);
        Assert.NotEqual(firstId, await Wait.For(events.Reconnected.Task));
        Assert.Equal("small", await connection.InvokeAsync<string>("Echo", "small"));
    }
}
