using HubFramework.Server.Hubs;
using HubFramework.Server.Tests.Infrastructure;

namespace HubFramework.Server.Tests.Hubs;

public class HubStartupTests
{
    public sealed class OverloadedHub : Hub
    {
        public int Add(int a, int b) => a + b;

        public double Add(double a, double b) => a + b;
    }

    public sealed class CaseOnlyDuplicateHub : Hub
    {
        public string Send() => "a";

        public string send(int value) => "b" + value;
    }

    public sealed class RenamedDuplicateHub : Hub
    {
        public string Echo(string message) => message;

        [HubMethodName("echo")]
        public string Other(string message) => message;
    }

    public sealed class GenericMethodHub : Hub
    {
        public T Echo<T>(T value) => value;
    }

    public sealed class ByRefHub : Hub
    {
        public void Get(out int value) => value = 1;
    }

    public interface IBadClient
    {
        int NotATask(string message);
    }

    public sealed class BadTypedHub : Hub<IBadClient>
    {
        public string Echo(string message) => message;
    }

    public interface IGoodClient
    {
        Task Welcome(string connectionId);
    }

    public sealed class TypedHub : Hub<IGoodClient>
    {
        public override Task OnConnectedAsync() => Clients.Caller.Welcome(Context.ConnectionId);

        public string Echo(string message) => message;
    }

    public sealed class DisposableHub : Hub, IAsyncDisposable
    {
        public string Echo(string message) => message;

        public ValueTask DisposeAsync() => default;
    }

    private static Exception CreationFailure<THub>()
        where THub : Hub
    {
        var exception = Record.Exception(() => InMemoryHubServer<THub>.Create());
        Assert.NotNull(exception);
        return exception;
    }

    [Fact]
    public void OverloadsAreRejectedWithAClearMessage()
    {
        var exception = Assert.IsType<NotSupportedException>(CreationFailure<OverloadedHub>());
        Assert.Contains("Duplicate definitions of 'Add' on hub 'OverloadedHub'", exception.Message);
        Assert.Contains("overloading is not supported", exception.Message);
    }

    [Fact]
    public void NamesDifferingOnlyInCaseCollide() =>
        Assert.Contains("Duplicate definitions of 'send'", Assert.IsType<NotSupportedException>(CreationFailure<CaseOnlyDuplicateHub>()).Message);

    [Fact]
    public void HubMethodNameCollisionsAreRejected() =>
        Assert.Contains("Duplicate definitions of 'echo'", Assert.IsType<NotSupportedException>(CreationFailure<RenamedDuplicateHub>()).Message);

    [Fact]
    public void GenericMethodsAreRejected() =>
        Assert.Contains("generic", Assert.IsType<NotSupportedException>(CreationFailure<GenericMethodHub>()).Message);

    [Fact]
    public void ByRefParametersAreRejected() =>
        Assert.Contains("by reference", Assert.IsType<NotSupportedException>(CreationFailure<ByRefHub>()).Message);

    [Fact]
    public void InvalidClientInterfacesAreRejectedAtStartUp() =>
        Assert.IsType<InvalidOperationException>(CreationFailure<BadTypedHub>());

    [Fact]
    public async Task DisposeMethodsAreNotHubMethods()
    {
        await using var server = InMemoryHubServer<DisposableHub>.Create();
        var client = (await server.ConnectAsync()).Client;

        Assert.Equal(
            "Failed to invoke 'DisposeAsync' due to an error on the server. HubException: Method does not exist.",
            (await client.InvokeAsync("DisposeAsync")).Error);
        Assert.Equal(
            "Failed to invoke 'Dispose' due to an error on the server. HubException: Method does not exist.",
            (await client.InvokeAsync("Dispose")).Error);
        Assert.Equal(
            "Failed to invoke 'OnConnectedAsync' due to an error on the server. HubException: Method does not exist.",
            (await client.InvokeAsync("OnConnectedAsync")).Error);
    }

    [Fact]
    public async Task TypedHubsCallTheirClientsThroughTheInterface()
    {
        await using var server = InMemoryHubServer<TypedHub>.Create();
        var connection = await server.ConnectAsync(handshake: false);
        connection.Client.Binder.On("Welcome", typeof(string));

        await connection.Client.HandshakeAsync();

        var welcome = await connection.Client.ReadMessageAsync<HubFramework.Protocol.InvocationMessage>();
        Assert.Equal("Welcome", welcome.Target);
        Assert.Equal(connection.Connection.ConnectionId, welcome.Arguments[0]);
    }

    [Fact]
    public async Task PerHubOptionsStartFromTheGlobalOnes()
    {
        await using var server = InMemoryHubServer<TestHub>.Create(
            o =>
            {
                o.EnableDetailedErrors = false;
                o.MaximumReceiveMessageSize = 1024;
            },
            configureHubs: hubs => hubs.AddHubOptions<TestHub>(o => o.EnableDetailedErrors = true));
        var connection = await server.ConnectAsync();

        Assert.Equal("An unexpected error occurred invoking 'Fail' on the server. InvalidOperationException: secret detail", (await connection.Client.InvokeAsync("Fail")).Error);

        // The global size limit still applies to the hub.
        await connection.Client.SendAsync(new HubFramework.Protocol.InvocationMessage("1", "Echo", [new string('x', 2000)]));
        Assert.IsType<HubFramework.Protocol.CloseMessage>(await connection.Client.ReadMessageAsync());
    }

    [Fact]
    public void InvalidLimitsAreRejectedAtStartUp()
    {
        Assert.IsType<ArgumentOutOfRangeException>(Record.Exception(() => InMemoryHubServer<TestHub>.Create(o => o.MaximumParallelInvocationsPerClient = 0)));
        Assert.IsType<ArgumentOutOfRangeException>(Record.Exception(() => InMemoryHubServer<TestHub>.Create(o => o.MaximumReceiveMessageSize = 0)));
        Assert.IsType<ArgumentOutOfRangeException>(Record.Exception(() => InMemoryHubServer<TestHub>.Create(o => o.StreamBufferCapacity = 0)));
    }
}
