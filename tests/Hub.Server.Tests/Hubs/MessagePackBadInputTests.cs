using System.Net.WebSockets;
using HubFramework.Protocol;
using HubFramework.Protocol.MessagePack;
using HubFramework.Server.Tests.Infrastructure;

namespace HubFramework.Server.Tests.Hubs;

/// <summary>
/// Broken and hostile MessagePack from a raw client over real Kestrel: a truncated value, an oversized frame, nesting
/// past the depth limit and a type-confused envelope each end that connection with a Close naming the problem
/// (detailed errors on), while a MessagePack client next to it keeps being served; a value of the wrong type for
/// its parameter only fails that invocation.
/// </summary>
public class MessagePackBadInputTests
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(10);

    public static TheoryData<string, string, string> Offences => new()
    {
        // [1, {}, "1", "Echo", [<str 10 announced, 2 present>], []]
        { "truncated value", "9601" + "80" + "a131" + "a44563686f" + "91" + "aa6162", "truncated" },
        // [1, {}, "1", "Echo", ["x"], [], <600 nested arrays>]: a later version's extra element, skipped under the depth limit.
        { "deeply nested", "9701" + "80" + "a131" + "a44563686f" + "91a178" + "90" + string.Concat(Enumerable.Repeat("91", 600)) + "90", "nested deeper than the limit of 500" },
        // [1, {}, "1", 42, [], []]: the target is an integer.
        { "type-confused target", "9601" + "80" + "a131" + "2a" + "90" + "90", "target (element 3) of an Invocation message must be a string or nil, not Integer" },
        // [1, "h", …]: the headers are a string.
        { "type-confused headers", "9601" + "a168" + "a131" + "a44563686f" + "90" + "90", "headers (element 1) of an Invocation message must be a map" },
        // A never-used byte where the message type belongs.
        { "invalid byte", "91c1", "0xC1" },
    };

    [Theory]
    [MemberData(nameof(Offences))]
    public async Task BrokenInputEndsOnlyThatConnectionWithItsReason(string offence, string payloadHex, string reason)
    {
        await using var host = await HubKestrelServer.StartAsync(o => o.EnableDetailedErrors = true);
        await using var offender = await ConnectAsync(host);
        await using var bystander = await ConnectAsync(host);

        byte[] payload = Convert.FromHexString(payloadHex);
        await offender.SendRawAsync(Frame(payload));

        var close = await offender.ReadMessageAsync<CloseMessage>();
        Assert.True(close.Error?.Contains(reason, StringComparison.Ordinal) == true, $"{offence}: {close.Error}");
        Assert.StartsWith("Connection closed with an error.", close.Error);
        Assert.True(await offender.WaitForServerCloseAsync(Bound));
        Assert.Equal("still served", (await bystander.InvokeAsync<string>("Echo", "still served")).Result);
    }

    [Fact]
    public async Task WithoutDetailedErrorsTheReasonStaysOnTheServer()
    {
        await using var host = await HubKestrelServer.StartAsync();
        await using var offender = await ConnectAsync(host);

        await offender.SendRawAsync(Frame(Convert.FromHexString("91c1")));

        Assert.Equal("Connection closed with an error.", (await offender.ReadMessageAsync<CloseMessage>()).Error);
        Assert.True(await offender.WaitForServerCloseAsync(Bound));
    }

    [Fact]
    public async Task AnOversizeFrameIsRejectedFromItsLengthPrefix()
    {
        await using var host = await HubKestrelServer.StartAsync(o =>
        {
            o.MaximumReceiveMessageSize = 4096;
            o.EnableDetailedErrors = true;
        });
        await using var offender = await ConnectAsync(host);
        await using var bystander = await ConnectAsync(host);

        // Only the length prefix of a 1 MB frame: the server refuses before the body arrives.
        await offender.SendRawAsync(new byte[] { 0x80, 0x80, 0x40 });

        var close = await offender.ReadMessageAsync<CloseMessage>();
        Assert.Contains("maximum message size of 4096B was exceeded", close.Error);
        Assert.True(await offender.WaitForServerCloseAsync(Bound));
        Assert.Equal(WebSocketCloseStatus.NormalClosure, offender.CloseStatus);
        Assert.Equal("fine", (await bystander.InvokeAsync<string>("Echo", "fine")).Result);
    }

    [Fact]
    public async Task AValueOfTheWrongTypeFailsOnlyThatInvocation()
    {
        await using var host = await HubKestrelServer.StartAsync();
        await using var client = await ConnectAsync(host);

        Assert.Equal("Failed to invoke 'Add' due to an error on the server.", (await client.InvokeAsync("Add", "a", "b")).Error);
        Assert.Equal("Failed to invoke 'Echo' due to an error on the server.", (await client.InvokeAsync("Echo", new object[] { new[] { 1 } })).Error);
        Assert.Equal(7, (await client.InvokeAsync<int>("Add", 3, 4)).Result);
    }

    private static async Task<RawHubClient> ConnectAsync(KestrelHost host)
    {
        var client = await RawHubClient.ConnectWebSocketAsync(host.BaseUri, HubKestrelServer.TestPath, new MessagePackHubProtocol(), true, null);
        await client.HandshakeAsync();
        return client;
    }

    private static byte[] Frame(byte[] payload)
    {
        var prefix = new byte[5];
        int size = BinaryMessageFramer.WriteLengthPrefix(payload.Length, prefix);
        return [.. prefix.AsSpan(0, size), .. payload];
    }
}
