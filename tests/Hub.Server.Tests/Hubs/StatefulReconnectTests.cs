using HubFramework.Protocol;
using HubFramework.Protocol.Json;
using HubFramework.Server.Tests.Infrastructure;

namespace HubFramework.Server.Tests.Hubs;

public class StatefulReconnectTests
{
    private static InMemoryHubServer<TestHub> CreateServer() =>
        InMemoryHubServer<TestHub>.Create(o => o.KeepAliveInterval = TimeSpan.FromMilliseconds(100));

    [Fact]
    public async Task ReceivedMessagesAreAcknowledged()
    {
        await using var server = CreateServer();
        var client = (await server.ConnectAsync(setup: c => c.Stateful = true)).Client;

        foreach (var value in new[] { "a", "b", "c" })
        {
            await client.InvokeAsync<string>("Record", value);
        }

        var ack = await client.ReadMessageAsync<AckMessage>(a => a.SequenceId == 3);
        Assert.Equal(3, ack.SequenceId);
    }

    [Fact]
    public async Task NoAcksWithoutStatefulReconnect()
    {
        await using var server = CreateServer();
        var client = (await server.ConnectAsync()).Client;
        await client.InvokeAsync<string>("Record", "a");

        var messages = await client.ReadForAsync(TimeSpan.FromMilliseconds(500));
        Assert.Contains(messages, m => m is PingMessage);
        Assert.DoesNotContain(messages, m => m is AckMessage);
    }

    [Fact]
    public async Task AfterAReconnectReplayedClientMessagesAreSkippedAndNewOnesServed()
    {
        await using var server = CreateServer();
        var connection = await server.ConnectAsync(setup: c => c.Stateful = true);
        var client = connection.Client;
        await client.InvokeAsync<string>("Record", "a");
        await client.InvokeAsync<string>("Record", "b");

        await connection.Connection.ReconnectAsync();
        var resumed = RawHubClient.Over(connection.Connection, new JsonHubProtocol());

        // The server resumes its own side first: Sequence, then what the client never acknowledged.
        var sequence = await resumed.ReadMessageAsync<SequenceMessage>();
        Assert.Equal(1, sequence.SequenceId);

        // The client believes the server missed its second message: it resends it, then sends a new one.
        await resumed.SendAsync(new SequenceMessage(2));
        await resumed.SendAsync(new InvocationMessage("b-again", "Record", ["b"]));
        await resumed.SendAsync(new InvocationMessage("c", "Record", ["c"]));

        await resumed.ReadCompletionAsync("c");
        Assert.Equal(["a", "b", "c"], server.Log.Events.ToArray());
        Assert.DoesNotContain(
            await resumed.ReadForAsync(TimeSpan.FromMilliseconds(300)),
            m => m is CompletionMessage { InvocationId: "b-again" });
    }

    [Fact]
    public async Task ASequenceBeyondWhatWasReceivedClosesTheConnection()
    {
        await using var server = CreateServer();
        var connection = await server.ConnectAsync(setup: c => c.Stateful = true);
        await connection.Client.InvokeAsync<string>("Record", "a");

        await connection.Client.SendAsync(new SequenceMessage(10));

        var close = await connection.Client.ReadMessageAsync<CloseMessage>();
        Assert.Equal("Sequence ID greater than amount of messages we've received.", close.Error);
        Assert.True(await connection.ServedWithinAsync(TimeSpan.FromSeconds(5)));
    }
}
