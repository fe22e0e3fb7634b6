using System.Text;
using HubFramework.Protocol;
using HubFramework.Server.Tests.Infrastructure;

namespace HubFramework.Server.Tests.Hubs;

public class HandshakeTests
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(5);

    [Theory]
    [InlineData("{\"protocol\":\"json\",\"version\":1\u001e")]
    [InlineData("{\"protocol\":")]
    [InlineData("hello there\u001e")]
    [InlineData("{\"version\":1}\u001e")]
    [InlineData("[1,2,3]\u001e")]
    public async Task MalformedRequestsGetTheGenericErrorAndTheConnectionEnds(string request)
    {
        await using var server = InMemoryHubServer<TestHub>.Create();
        var connection = await server.ConnectAsync(handshake: false);

        // The unterminated one is completed by a separator a little later, as a client would.
        await connection.Client.SendRawAsync(request);
        if (!request.EndsWith('\u001e'))
        {
            await connection.Client.SendRawAsync("\u001e");
        }

        var response = await connection.Client.ReadHandshakeResponseAsync();
        Assert.Equal("An unexpected error occurred during connection handshake.", response.Error);
        Assert.True(await connection.ServedWithinAsync(Bound));
    }

    [Fact]
    public async Task BinaryGarbageIsRejectedAtOnceWithoutWaitingForASeparator()
    {
        await using var server = InMemoryHubServer<TestHub>.Create(o => o.HandshakeTimeout = TimeSpan.FromMinutes(5));
        var connection = await server.ConnectAsync(handshake: false);

        await connection.Client.SendRawAsync(new byte[] { 0x00, 0xFF, 0x93, 0x01, 0xC0 });

        var response = await connection.Client.ReadHandshakeResponseAsync();
        Assert.Equal("An unexpected error occurred during connection handshake.", response.Error);
        Assert.True(await connection.ServedWithinAsync(Bound));
    }

    [Fact]
    public async Task AnOverlongRequestIsRejected()
    {
        await using var server = InMemoryHubServer<TestHub>.Create(o => o.MaximumReceiveMessageSize = 256);
        var connection = await server.ConnectAsync(handshake: false);

        await connection.Client.SendRawAsync("{\"protocol\":\"" + new string('j', 1000));

        var response = await connection.Client.ReadHandshakeResponseAsync();
        Assert.Equal("An unexpected error occurred during connection handshake.", response.Error);
        Assert.True(await connection.ServedWithinAsync(Bound));
    }

    [Fact]
    public async Task UnknownProtocolIsNamedInTheError()
    {
        await using var server = InMemoryHubServer<TestHub>.Create();
        var connection = await server.ConnectAsync(handshake: false);

        await connection.Client.SendHandshakeAsync("foo", 1);

        Assert.Equal("The protocol 'foo' is not supported.", (await connection.Client.ReadHandshakeResponseAsync()).Error);
        Assert.True(await connection.ServedWithinAsync(Bound));
    }

    [Fact]
    public async Task UnsupportedVersionIsNamedInTheError()
    {
        await using var server = InMemoryHubServer<TestHub>.Create();
        var connection = await server.ConnectAsync(handshake: false);

        await connection.Client.SendHandshakeAsync("json", 99);

        Assert.Equal("The server does not support version 99 of the 'json' protocol.", (await connection.Client.ReadHandshakeResponseAsync()).Error);
        Assert.True(await connection.ServedWithinAsync(Bound));
    }

    [Fact]
    public async Task ProtocolsOutsideSupportedProtocolsAreRefused()
    {
        await using var server = InMemoryHubServer<TestHub>.Create(o => o.SupportedProtocols = ["messagepack"]);
        var connection = await server.ConnectAsync(handshake: false);

        await connection.Client.SendHandshakeAsync("json", 1);

        Assert.Equal("The protocol 'json' is not supported.", (await connection.Client.ReadHandshakeResponseAsync()).Error);
    }

    [Fact]
    public async Task SilentClientIsDroppedAfterTheHandshakeTimeout()
    {
        await using var server = InMemoryHubServer<TestHub>.Create(o => o.HandshakeTimeout = TimeSpan.FromMilliseconds(200));
        var connection = await server.ConnectAsync(handshake: false);

        Assert.Equal("Handshake was canceled.", (await connection.Client.ReadHandshakeResponseAsync()).Error);
        Assert.True(await connection.ServedWithinAsync(Bound));
    }

    [Fact]
    public async Task SuccessAnswersAnEmptyObjectAndSetsTheTransferFormat()
    {
        await using var server = InMemoryHubServer<TestHub>.Create();
        var connection = await server.ConnectAsync(handshake: false);
        connection.Connection.ActiveFormat = TransferFormat.Binary;

        await connection.Client.SendHandshakeAsync("json", 1);

        Assert.Equal("{}", await connection.Client.ReadTextRecordAsync());
        Assert.Equal(TransferFormat.Text, connection.Connection.ActiveFormat);
        Assert.False(connection.Served.IsCompleted);
    }

    [Fact]
    public async Task ProtocolNamesMatchCaseInsensitively()
    {
        await using var server = InMemoryHubServer<TestHub>.Create();
        var connection = await server.ConnectAsync(handshake: false);

        await connection.Client.SendHandshakeAsync("JSON", 1);

        Assert.Null((await connection.Client.ReadHandshakeResponseAsync()).Error);
    }

    [Fact]
    public async Task MessagesSentWithTheHandshakeInOneWriteAreProcessed()
    {
        await using var server = InMemoryHubServer<TestHub>.Create();
        var connection = await server.ConnectAsync(handshake: false);

        await connection.Client.SendRawAsync(
            "{\"protocol\":\"json\",\"version\":1}\u001e{\"type\":1,\"invocationId\":\"7\",\"target\":\"Echo\",\"arguments\":[\"together\"]}\u001e");

        Assert.Equal("{}", await connection.Client.ReadTextRecordAsync());
        Assert.Equal("{\"type\":3,\"invocationId\":\"7\",\"result\":\"together\"}", await connection.Client.ReadTextRecordAsync());
    }

    [Fact]
    public async Task ClientLeavingBeforeTheHandshakeEndsTheConnectionQuietly()
    {
        await using var server = InMemoryHubServer<TestHub>.Create();
        var connection = await server.ConnectAsync(handshake: false);

        await connection.Client.SendRawAsync(Encoding.UTF8.GetBytes("{\"protocol\":\"js"));
        connection.Connection.CompleteFromClient();

        Assert.True(await connection.ServedWithinAsync(Bound));
        Assert.True(await connection.Client.WaitForServerCloseAsync(Bound) || connection.Served.IsCompleted);
    }

    [Fact]
    public async Task BinaryProtocolIsRefusedOnServerSentEvents()
    {
        await using var server = InMemoryHubServer<TestHub>.Create();
        var connection = await server.ConnectAsync(handshake: false, setup: c => c.TransportKind = HttpTransportType.ServerSentEvents);

        await connection.Client.SendHandshakeAsync("messagepack", 1);

        Assert.Equal(
            "Cannot use the 'messagepack' protocol on the current transport. The transport does not support 'Binary' transfer format.",
            (await connection.Client.ReadHandshakeResponseAsync()).Error);
    }
}
