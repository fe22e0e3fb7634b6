using HubFramework.Protocol;

namespace HubFramework.Client.Tests.Contract;

/// <summary>
/// Our client against our server (tests/Hub.InteropServer): every contract method over each transport and protocol
/// (MessagePack is binary, so not over Server-Sent Events).
/// </summary>
public sealed class InteropServerContractTests(InteropServerFixture server) : ContractTestsBase, IClassFixture<InteropServerFixture>
{
    public static TheoryData<HttpTransportType, string> Combinations => new()
    {
        { HttpTransportType.WebSockets, "json" },
        { HttpTransportType.ServerSentEvents, "json" },
        { HttpTransportType.LongPolling, "json" },
        { HttpTransportType.WebSockets, "messagepack" },
        { HttpTransportType.LongPolling, "messagepack" },
    };

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
