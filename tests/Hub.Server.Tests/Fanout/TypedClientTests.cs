using HubFramework.Protocol;
using HubFramework.Server.Hubs;

namespace HubFramework.Server.Tests.Fanout;

public class TypedClientTests
{
    public interface IHasProperty
    {
        int Count { get; }
    }

    public interface IReturnsInt
    {
        int Add(int a, int b);
    }

    public interface IByRef
    {
        Task Fill(out int value);
    }

    public interface IGeneric
    {
        Task Send<T>(T value);
    }

    public interface IDerived : IFanoutClient
    {
        Task Extra(int n);
    }

    [Fact]
    public async Task Typed_sends_become_invocations_of_the_method_name()
    {
        await using var fixture = new LifetimeManagerFixture<TypedFanoutHub>();
        var a = await fixture.ConnectAsync();
        var b = await fixture.ConnectAsync();
        IHubContext<TypedFanoutHub, IFanoutClient> context = new HubContext<TypedFanoutHub, IFanoutClient>(fixture.Manager);

        await context.Clients.All.Receive("ann", "hello");
        await context.Clients.Client(b.ConnectionId).Ping();
        await context.Clients.AllExcept([b.ConnectionId]).Receive("x", "y");

        Assert.Equal(new[] { "1||Receive|ann;hello", "1||Receive|x;y" }, await a.ReadAsync(2));
        Assert.Equal(new[] { "1||Receive|ann;hello", "1||renamed|" }, await b.ReadAsync(2));
    }

    [Fact]
    public async Task Typed_client_results_work_on_a_single_client_and_the_token_is_not_sent()
    {
        await using var fixture = new LifetimeManagerFixture<TypedFanoutHub>();
        var client = await fixture.ConnectAsync();
        var context = new HubContext<TypedFanoutHub, IFanoutClient>(fixture.Manager);

        var result = context.Clients.Client(client.ConnectionId).Pick(10, CancellationToken.None);
        var invocationId = await ClientResultTests.ReadInvocationIdAsync(client, "Pick|10");
        await fixture.Manager.SetConnectionResultAsync(client.ConnectionId, CompletionMessage.WithResult(invocationId, 7));

        Assert.Equal(7, await result.WaitAsync(FrameReader.DefaultTimeout));
    }

    [Fact]
    public async Task Typed_client_results_are_refused_for_several_clients()
    {
        await using var fixture = new LifetimeManagerFixture<TypedFanoutHub>();
        await fixture.ConnectAsync();
        var context = new HubContext<TypedFanoutHub, IFanoutClient>(fixture.Manager);

        var error = Assert.Throws<InvalidOperationException>(() => { _ = context.Clients.All.Pick(1, default); });
        Assert.Contains("only a single client can give", error.Message);
    }

    [Fact]
    public async Task Hub_of_T_clients_are_caller_relative_and_typed()
    {
        await using var fixture = new LifetimeManagerFixture<TypedFanoutHub>();
        var caller = await fixture.ConnectAsync();
        var other = await fixture.ConnectAsync();
        var untyped = new HubCallerClients(new HubContext<TypedFanoutHub>(fixture.Manager).Clients, caller.ConnectionId);
        var hub = new TypedFanoutHub();
        ((Hub)hub).Clients = untyped;

        await hub.Clients.Caller.Receive("me", "1");
        await hub.Clients.Others.Receive("them", "2");
        Assert.Same(hub.Clients.Caller, hub.Clients.Caller);

        Assert.Equal(new[] { "1||Receive|me;1" }, await caller.ReadAsync(1));
        Assert.Equal(new[] { "1||Receive|them;2" }, await other.ReadAsync(1));
    }

    [Fact]
    public async Task Methods_of_inherited_interfaces_are_proxied_too()
    {
        await using var fixture = new LifetimeManagerFixture<FanoutHub>();
        var client = await fixture.ConnectAsync();
        var typed = new TypedHubClients<IDerived>(new HubContext<FanoutHub>(fixture.Manager).Clients);

        await typed.All.Extra(3);
        await typed.All.Receive("a", "b");

        Assert.Equal(new[] { "1||Extra|3", "1||Receive|a;b" }, await client.ReadAsync(2));
    }

    [Theory]
    [InlineData(typeof(IHasProperty), "declares the property 'Count'")]
    [InlineData(typeof(IReturnsInt), "the method 'Add' returns 'Int32'; client methods return Task (a send) or Task<T> (a client result)")]
    [InlineData(typeof(IByRef), "the parameter 'value' of 'Fill' is passed by reference")]
    [InlineData(typeof(IGeneric), "the method 'Send' is generic")]
    [InlineData(typeof(FanoutHub), "it is not an interface")]
    public void Invalid_client_interfaces_are_refused_with_a_message_naming_the_member(Type clientType, string problem)
    {
        var error = Assert.Throws<InvalidOperationException>(() => TypedClientsFactory.Validate(clientType));

        Assert.Contains("cannot be used as a strongly typed hub client", error.Message);
        Assert.Contains(problem, error.Message);
    }

    [Fact]
    public void An_invalid_interface_fails_when_typed_clients_are_created()
    {
        var clients = new HubCallerClients(new HubContext<FanoutHub>(new DefaultHubLifetimeManager<FanoutHub>(
            Microsoft.Extensions.Logging.Abstractions.NullLogger<DefaultHubLifetimeManager<FanoutHub>>.Instance)).Clients, "c");

        Assert.Throws<InvalidOperationException>(() => TypedClientsFactory.Create<IReturnsInt>(clients));
    }
}
