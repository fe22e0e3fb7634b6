using HubFramework.Client.Tests.Infrastructure;
using HubFramework.Protocol;

namespace HubFramework.Client.Tests.Contract;

/// <summary>
/// Our client against Microsoft's ASP.NET Core SignalR (tests/Hub.ReferenceServer), JSON protocol, every transport:
/// proves the client speaks SignalR, not just our own dialect.
/// </summary>
public sealed class ReferenceServerContractTests(ReferenceServerFixture server) : ContractTestsBase, IClassFixture<ReferenceServerFixture>
{
    public static TheoryData<HttpTransportType> Transports =>
        [HttpTransportType.WebSockets, HttpTransportType.ServerSentEvents, HttpTransportType.LongPolling];

    protected override Uri HubUrl => server.HubUrl();

    protected override Uri SecureHubUrl => server.HubUrl("hubs/interop-secure");

    [Theory]
    [MemberData(nameof(Transports))]
    public Task InvokesAndSends(HttpTransportType transport) => InvokeAndSend(transport, "json");

    [Theory]
    [MemberData(nameof(Transports))]
    public Task StreamsFromServer(HttpTransportType transport) => ServerToClientStream(transport, "json");

    [Theory]
    [MemberData(nameof(Transports))]
    public Task StreamsToServer(HttpTransportType transport) => ClientToServerStream(transport, "json");

    [Theory]
    [MemberData(nameof(Transports))]
    public Task AnswersClientResults(HttpTransportType transport) => ClientResults(transport, "json");

    [Theory]
    [MemberData(nameof(Transports))]
    public Task UsesGroupsAndBroadcasts(HttpTransportType transport) => GroupsAndBroadcast(transport, "json");

    [Theory]
    [MemberData(nameof(Transports))]
    public Task AuthenticatesWithBearerToken(HttpTransportType transport) => Authentication(transport, "json");

    [Theory]
    [MemberData(nameof(Transports))]
    public Task ServerAbortClosesWithoutReconnecting(HttpTransportType transport) => ServerDisconnect(transport, "json");
}
