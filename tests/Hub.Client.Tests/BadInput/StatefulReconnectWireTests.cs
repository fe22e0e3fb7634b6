using HubFramework.Protocol;
using Microsoft.Extensions.Logging;

namespace HubFramework.Client.Tests.BadInput;

/// <summary>Stateful reconnect as seen on the wire by a scripted server, including the ways it can go wrong.</summary>
public sealed class StatefulReconnectWireTests
{
    private static HubConnection Build(ScriptedHubServer server, CollectingLoggerProvider logs, bool automaticReconnect) =>
        (automaticReconnect ? new HubConnectionBuilder().WithAutomaticReconnect([TimeSpan.Zero]) : new HubConnectionBuilder())
            .WithUrl(server.HubUrl, HttpTransportType.WebSockets, o => o.CloseTimeout = TimeSpan.FromMilliseconds(200))
            .WithStatefulReconnect()
            .ConfigureLogging(l => l.AddProvider(logs))
            .Build();

    [Fact]
    public async Task ResumeSendsSequenceThenReplaysWhatTheServerHasNotAcknowledged()
    {
        await using var server = await ScriptedHubServer.StartAsync(ScriptedHubServer.StatefulNegotiate());
        var logs = new CollectingLoggerProvider();
        await using var connection = Build(server, logs, automaticReconnect: false);
        var start = connection.StartAsync();
        var first = await server.AcceptAsync();
        Assert.Contains("\"version\":2", await first.HandshakeAsync());
        await Wait.For(start);

        var acknowledged = connection.InvokeAsync<string>("Echo", "acknowledged");
        await first.ReceiveRecordContainingAsync("\"acknowledged\"");
        await first.SendAsync("{\"type\":8,\"sequenceId\":1}\u001e{\"type\":3,\"invocationId\":\"1\",\"result\":\"acknowledged\"}\u001e");
        Assert.Equal("acknowledged", await Wait.For(acknowledged));

        var pending = connection.InvokeAsync<string>("Echo", "lost in transit");
        await first.ReceiveRecordContainingAsync("\"lost in transit\"");
        first.Abort();

        // No new handshake: the client's first words on the new socket are Sequence, then the unacknowledged message.
        var second = await server.AcceptAsync();
        Assert.Equal("{\"type\":9,\"sequenceId\":2}", await second.ReceiveRecordAsync());
        Assert.Contains("\"invocationId\":\"2\"", await second.ReceiveRecordContainingAsync("\"lost in transit\""));

        // The server resumes too: it repeats the completion of invocation 1 (a duplicate the client drops), then answers 2.
        await second.SendAsync("{\"type\":9,\"sequenceId\":1}\u001e{\"type\":3,\"invocationId\":\"1\",\"result\":\"dup\"}\u001e{\"type\":3,\"invocationId\":\"2\",\"result\":\"replayed\"}\u001e");
        Assert.Equal("replayed", await Wait.For(pending));
        Assert.Equal("cid-1", connection.ConnectionId);
        Assert.Equal(HubConnectionState.Connected, connection.State);
        Assert.Single(logs.Entries, e => e.EventId.Name == "Resumed");
    }

    [Fact]
    public async Task ResumeRefusedByTheServerHandsOverToAutomaticReconnect()
    {
        await using var server = await ScriptedHubServer.StartAsync(ScriptedHubServer.StatefulNegotiate());
        var logs = new CollectingLoggerProvider();
        await using var connection = Build(server, logs, automaticReconnect: true);
        var reconnected = new TaskCompletionSource<string?>(TaskCreationOptions.RunContinuationsAsynchronously);
        connection.Reconnected += id => { reconnected.TrySetResult(id); return Task.CompletedTask; };
        var start = connection.StartAsync();
        var first = await server.AcceptAsync();
        await first.HandshakeAsync();
        await Wait.For(start);

        server.ForgottenConnections.Add("token-1");
        first.Abort();

        var second = await server.AcceptAsync();
        await second.HandshakeAsync();
        Assert.Equal("cid-2", await Wait.For(reconnected.Task));
        Assert.Contains(logs.Entries, e => e.EventId.Name == "ResumeFailed" && e.Exception!.Message.Contains("404"));
    }

    [Fact]
    public async Task SequenceThatSkipsMessagesClosesTheConnection()
    {
        await using var server = await ScriptedHubServer.StartAsync(ScriptedHubServer.StatefulNegotiate());
        var logs = new CollectingLoggerProvider();
        await using var connection = Build(server, logs, automaticReconnect: false);
        var closed = new TaskCompletionSource<Exception?>(TaskCreationOptions.RunContinuationsAsynchronously);
        connection.Closed += e => { closed.TrySetResult(e); return Task.CompletedTask; };
        var start = connection.StartAsync();
        var first = await server.AcceptAsync();
        await first.HandshakeAsync();
        await Wait.For(start);

        first.Abort();
        var second = await server.AcceptAsync();
        await second.ReceiveRecordAsync();
        await second.SendAsync("{\"type\":9,\"sequenceId\":50}\u001e");

        var error = Assert.IsType<HubProtocolException>(await Wait.For(closed.Task));
        Assert.Contains("messages were lost", error.Message);
    }
}
