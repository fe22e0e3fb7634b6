using HubFramework.Protocol;
using HubFramework.Server.Hubs;

namespace HubFramework.Server.Tests.Fanout;

public class ClientResultTests
{
    [Fact]
    public async Task The_client_result_comes_back_typed()
    {
        await using var fixture = new LifetimeManagerFixture<FanoutHub>();
        var client = await fixture.ConnectAsync();

        var result = fixture.Manager.InvokeConnectionAsync<string>(client.ConnectionId, "ask", ["q"], default);
        var invocationId = await ReadInvocationIdAsync(client, "ask|q");

        Assert.True(fixture.Manager.TryGetReturnType(invocationId, out var type));
        Assert.Equal(typeof(string), type);
        await fixture.Manager.SetConnectionResultAsync(client.ConnectionId, CompletionMessage.WithResult(invocationId, "answer"));

        Assert.Equal("answer", await result.WaitAsync(FrameReader.DefaultTimeout));
        Assert.False(fixture.Manager.TryGetReturnType(invocationId, out _));
        Assert.Equal(0, fixture.Manager.PendingClientResults);
    }

    [Fact]
    public async Task Each_invocation_gets_a_fresh_id_and_several_can_be_outstanding()
    {
        await using var fixture = new LifetimeManagerFixture<FanoutHub>();
        var client = await fixture.ConnectAsync();

        var first = fixture.Manager.InvokeConnectionAsync<string>(client.ConnectionId, "ask", ["1"], default);
        var second = fixture.Manager.InvokeConnectionAsync<string>(client.ConnectionId, "ask", ["2"], default);
        var firstId = await ReadInvocationIdAsync(client, "ask|1");
        var secondId = await ReadInvocationIdAsync(client, "ask|2");
        Assert.NotEqual(firstId, secondId);
        Assert.StartsWith("s", firstId);

        await fixture.Manager.SetConnectionResultAsync(client.ConnectionId, CompletionMessage.WithResult(secondId, "b"));
        await fixture.Manager.SetConnectionResultAsync(client.ConnectionId, CompletionMessage.WithResult(firstId, "a"));

        Assert.Equal(("a", "b"), (await first, await second));
    }

    [Fact]
    public async Task A_client_error_becomes_a_HubException_with_its_text()
    {
        await using var fixture = new LifetimeManagerFixture<FanoutHub>();
        var client = await fixture.ConnectAsync();
        var result = fixture.Manager.InvokeConnectionAsync<int>(client.ConnectionId, "ask", [], default);
        var invocationId = await ReadInvocationIdAsync(client, "ask|");

        await fixture.Manager.SetConnectionResultAsync(client.ConnectionId, CompletionMessage.WithError(invocationId, "Error: boom"));

        var error = await Assert.ThrowsAsync<HubException>(() => result.WaitAsync(FrameReader.DefaultTimeout));
        Assert.Equal("Error: boom", error.Message);
    }

    [Fact]
    public async Task A_completion_without_a_result_is_an_error()
    {
        await using var fixture = new LifetimeManagerFixture<FanoutHub>();
        var client = await fixture.ConnectAsync();
        var result = fixture.Manager.InvokeConnectionAsync<int>(client.ConnectionId, "ask", [], default);
        var invocationId = await ReadInvocationIdAsync(client, "ask|");

        await fixture.Manager.SetConnectionResultAsync(client.ConnectionId, CompletionMessage.Empty(invocationId));

        var error = await Assert.ThrowsAsync<HubException>(() => result.WaitAsync(FrameReader.DefaultTimeout));
        Assert.Equal("Client didn't provide a result.", error.Message);
    }

    [Fact]
    public async Task A_result_of_the_wrong_type_is_a_clear_error_and_null_is_fine_for_reference_types()
    {
        await using var fixture = new LifetimeManagerFixture<FanoutHub>();
        var client = await fixture.ConnectAsync();
        var wrong = fixture.Manager.InvokeConnectionAsync<int>(client.ConnectionId, "ask", [], default);
        var wrongId = await ReadInvocationIdAsync(client, "ask|");
        var nullable = fixture.Manager.InvokeConnectionAsync<string?>(client.ConnectionId, "ask", [], default);
        var nullableId = await ReadInvocationIdAsync(client, "ask|");

        await fixture.Manager.SetConnectionResultAsync(client.ConnectionId, CompletionMessage.WithResult(wrongId, "text"));
        await fixture.Manager.SetConnectionResultAsync(client.ConnectionId, CompletionMessage.WithResult(nullableId, null));

        var error = await Assert.ThrowsAsync<HubException>(() => wrong.WaitAsync(FrameReader.DefaultTimeout));
        Assert.Contains("could not be converted to Int32", error.Message);
        Assert.Null(await nullable.WaitAsync(FrameReader.DefaultTimeout));
    }

    [Fact]
    public async Task Cancelling_fails_the_invocation_and_a_late_answer_is_ignored()
    {
        await using var fixture = new LifetimeManagerFixture<FanoutHub>();
        var client = await fixture.ConnectAsync();
        using var cts = new CancellationTokenSource();
        var result = fixture.Manager.InvokeConnectionAsync<int>(client.ConnectionId, "ask", [], cts.Token);
        var invocationId = await ReadInvocationIdAsync(client, "ask|");

        cts.Cancel();
        var error = await Assert.ThrowsAsync<HubException>(() => result.WaitAsync(FrameReader.DefaultTimeout));
        Assert.Equal("Invocation canceled by the server.", error.Message);

        await fixture.Manager.SetConnectionResultAsync(client.ConnectionId, CompletionMessage.WithResult(invocationId, 1));
        Assert.Equal(0, fixture.Manager.PendingClientResults);
        Assert.False(client.Context.ConnectionAborted.IsCancellationRequested);
    }

    [Fact]
    public async Task An_already_cancelled_token_sends_nothing()
    {
        await using var fixture = new LifetimeManagerFixture<FanoutHub>();
        var client = await fixture.ConnectAsync();

        var error = await Assert.ThrowsAsync<HubException>(
            () => fixture.Manager.InvokeConnectionAsync<int>(client.ConnectionId, "ask", [], new CancellationToken(canceled: true)));

        Assert.Equal("Invocation canceled by the server.", error.Message);
        Assert.Empty(await client.ReadRestAsync());
    }

    [Fact]
    public async Task A_disconnect_fails_pending_results_with_a_clear_error()
    {
        await using var fixture = new LifetimeManagerFixture<FanoutHub>();
        var client = await fixture.ConnectAsync();
        var result = fixture.Manager.InvokeConnectionAsync<int>(client.ConnectionId, "ask", [], default);
        await ReadInvocationIdAsync(client, "ask|");

        await fixture.DisconnectAsync(client);

        var error = await Assert.ThrowsAsync<IOException>(() => result.WaitAsync(FrameReader.DefaultTimeout));
        Assert.Equal($"Connection '{client.ConnectionId}' disconnected.", error.Message);
        Assert.Equal(0, fixture.Manager.PendingClientResults);
    }

    [Fact]
    public async Task An_unknown_connection_is_a_clear_error()
    {
        await using var fixture = new LifetimeManagerFixture<FanoutHub>();

        var error = await Assert.ThrowsAsync<IOException>(() => fixture.Manager.InvokeConnectionAsync<int>("nobody", "ask", [], default));

        Assert.Equal("Connection 'nobody' does not exist.", error.Message);
    }

    [Fact]
    public async Task Another_connection_cannot_answer_for_the_one_asked()
    {
        await using var fixture = new LifetimeManagerFixture<FanoutHub>();
        var asked = await fixture.ConnectAsync();
        var other = await fixture.ConnectAsync();
        var result = fixture.Manager.InvokeConnectionAsync<string>(asked.ConnectionId, "ask", [], default);
        var invocationId = await ReadInvocationIdAsync(asked, "ask|");

        await fixture.Manager.SetConnectionResultAsync(other.ConnectionId, CompletionMessage.WithResult(invocationId, "forged"));
        Assert.False(result.IsCompleted);
        await fixture.Manager.SetConnectionResultAsync(asked.ConnectionId, CompletionMessage.WithResult(invocationId, "real"));

        Assert.Equal("real", await result.WaitAsync(FrameReader.DefaultTimeout));
    }

    [Fact]
    public async Task Single_client_proxies_ask_for_results()
    {
        await using var fixture = new LifetimeManagerFixture<FanoutHub>();
        var client = await fixture.ConnectAsync();
        var context = new HubContext<FanoutHub>(fixture.Manager);

        var result = context.Clients.Client(client.ConnectionId).InvokeAsync<string>("ask", "a", 2, CancellationToken.None);
        var invocationId = await ReadInvocationIdAsync(client, "ask|a;2");
        await fixture.Manager.SetConnectionResultAsync(client.ConnectionId, CompletionMessage.WithResult(invocationId, "ok"));

        Assert.Equal("ok", await result.WaitAsync(FrameReader.DefaultTimeout));
    }

    /// <summary>Reads the next frame, checks it is an invocation of <paramref name="targetAndArgs"/> with an id, returns the id.</summary>
    internal static async Task<string> ReadInvocationIdAsync(FanoutConnection client, string targetAndArgs)
    {
        var frame = Assert.Single(await client.ReadAsync(1));
        var fields = frame.Split('|', 3);
        Assert.Equal("1", fields[0]);
        Assert.False(string.IsNullOrEmpty(fields[1]), $"No invocation id in '{frame}'.");
        Assert.Equal(targetAndArgs, fields[2]);
        return fields[1];
    }
}
