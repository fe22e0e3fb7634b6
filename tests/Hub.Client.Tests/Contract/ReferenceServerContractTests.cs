using HubFramework.Client.Tests.Infrastructure;
using HubFramework.Protocol;

namespace HubFramework.Client.Tests.Contract;

/// <summary>
/// Our client against Microsoft's ASP.NET Core SignalR (tests/Hub.ReferenceServer, with Microsoft's MessagePack
/// protocol), both protocols, every transport (MessagePack not over Server-Sent Events): proves the client speaks
/// SignalR, not just our own dialect, objects over MessagePack included.
/// </summary>
public sealed class ReferenceServerContractTests(ReferenceServerFixture server) : ContractTestsBase, IClassFixture<ReferenceServerFixture>
{
    public static TheoryData<HttpTransportType, string> Combinations => InteropServerContractTests.Combinations;

    protected override Uri HubUrl => server.HubUrl();

    protected override Uri SecureHubUrl => server.HubUrl("hubs/interop-secure");

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
    public Task UsesGroupsAndBroadcasts(HttpTransportType transport, string protocol) => GroupsAndBroadcast(transport, protocol);

    [Theory]
    [MemberData(nameof(Combinations))]
    public Task AuthenticatesWithBearerToken(HttpTransportType transport, string protocol) => Authentication(transport, protocol);

    [Theory]
    [MemberData(nameof(Combinations))]
    public Task ServerAbortClosesWithoutReconnecting(HttpTransportType transport, string protocol) => ServerDisconnect(transport, protocol);
}
