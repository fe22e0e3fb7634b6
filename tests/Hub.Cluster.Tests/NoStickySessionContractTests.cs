using HubFramework.Client;
using HubFramework.Client.Tests.Contract;
using HubFramework.Protocol;

namespace HubFramework.Cluster.Tests;

/// <summary>
/// No sticky sessions with our .NET client: the contract's single-connection methods on every transport and protocol
/// through round-robin nginx in front of 3 nodes, where each request of a connection may reach any node.
/// </summary>
public sealed class NoStickySessionContractTests(BalancedCluster cluster) : ContractTestsBase, IClassFixture<BalancedCluster>
{
    public static TheoryData<HttpTransportType, string> Combinations => new()
    {
        { HttpTransportType.WebSockets, "json" },
        { HttpTransportType.ServerSentEvents, "json" },
        { HttpTransportType.LongPolling, "json" },
        { HttpTransportType.WebSockets, "messagepack" },
        { HttpTransportType.LongPolling, "messagepack" },
    };

    protected override Uri HubUrl => cluster.HubUrl();

    protected override Uri SecureHubUrl => cluster.HubUrl("hubs/interop-secure");

    protected override IHubConnectionBuilder Configure(IHubConnectionBuilder builder, string protocol) =>
        protocol == "messagepack" ? builder.AddMessagePackProtocol() : builder.AddJsonProtocol();

    [Theory]
    [MemberData(nameof(Combinations))]
    public Task InvokesAndSends(HttpTransportType transport, string protocol) => InvokeAndSend(transport, protocol);

    [Theory]
    [MemberData(nameof(Combinations))]
    public Task StreamsFromServer(HttpTransportType transport, string protocol) => ServerToClientStream(transport, protocol);

    [Theory]
    [MemberData(nameof(Combinations))]
    public Task StreamsToServer(HttpTransportType transport, string protocol) => ClientToServerStream(transport, protocol);

    [Theory]
    [MemberData(nameof(Combinations))]
    public Task AnswersClientResults(HttpTransportType transport, string protocol) => ClientResults(transport, protocol);

    [Theory]
    [MemberData(nameof(Combinations))]
    public Task AuthenticatesWithBearerToken(HttpTransportType transport, string protocol) => Authentication(transport, protocol);

    [Theory]
    [MemberData(nameof(Combinations))]
    public Task ServerAbortClosesWithoutReconnecting(HttpTransportType transport, string protocol) => ServerDisconnect(transport, protocol);

    [Theory]
    [InlineData(HttpTransportType.WebSockets, "websocket")]
    [InlineData(HttpTransportType.ServerSentEvents, "sse")]
    [InlineData(HttpTransportType.LongPolling, "poll")]
    public async Task TransportRequestsAreRelayedToTheOwner(HttpTransportType transport, string kind)
    {
        // Round robin sends a connection's transport request to another node than its negotiate most of the time;
        // of three connections, some certainly were relayed (the edge logs each one, event 4500).
        var before = cluster.Relayed(kind);
        for (var i = 0; i < 3; i++)
        {
            await using var connection = await ConnectAsync(transport, "json");
            Assert.Equal("relayed?", await connection.InvokeAsync<string>("Echo", "relayed?"));
        }

        await Wait.UntilAsync(() => cluster.Relayed(kind) > before, $"a {kind} request relayed through the owner");
    }
}
