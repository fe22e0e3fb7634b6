using System.Buffers;
using HubFramework.Protocol;
using HubFramework.Protocol.MessagePack;

namespace HubFramework.Protocol.Tests.MessagePack;

/// <summary>Every golden vector encodes to its exact frame and decodes back to its message.</summary>
public class MessagePackHubProtocolGoldenTests
{
    private static readonly MessagePackHubProtocol Protocol = new();

    [Fact]
    public void DescribesItselfAsTheOfficialClientsExpect()
    {
        Assert.Equal("messagepack", Protocol.Name);
        Assert.Equal(2, Protocol.Version);
        Assert.Equal(TransferFormat.Binary, Protocol.TransferFormat);
        Assert.True(Protocol.IsVersionSupported(1));
        Assert.True(Protocol.IsVersionSupported(2));
        Assert.False(Protocol.IsVersionSupported(0));
        Assert.False(Protocol.IsVersionSupported(3));
    }

    [Theory]
    [MemberData(nameof(MessagePackGoldenVectors.Names), MemberType = typeof(MessagePackGoldenVectors))]
    public void Encodes(string name)
    {
        var (message, frame) = MessagePackGoldenVectors.All[name];
        Assert.Equal(frame, Convert.ToBase64String(Protocol.GetMessageBytes(message).Span));

        var output = new ArrayBufferWriter<byte>(1);
        Protocol.WriteMessage(message, output);
        Assert.Equal(frame, Convert.ToBase64String(output.WrittenSpan));
    }

    [Theory]
    [MemberData(nameof(MessagePackGoldenVectors.Names), MemberType = typeof(MessagePackGoldenVectors))]
    public void Decodes(string name)
    {
        var (message, frame) = MessagePackGoldenVectors.All[name];
        var bytes = Convert.FromBase64String(frame);
        foreach (int segmentSize in new[] { int.MaxValue, 1, 5 })
        {
            var input = Segments.Split(bytes, segmentSize);
            Assert.True(Protocol.TryParseMessage(ref input, TestBinder.For(message), null, out var parsed));
            Assert.True(input.IsEmpty);
            DeepEqual.Messages(message, parsed);
        }
    }

    [Theory]
    [MemberData(nameof(MessagePackGoldenVectors.DecodeOnlyNames), MemberType = typeof(MessagePackGoldenVectors))]
    public void DecodesOtherValidEncodings(string name)
    {
        var (message, hex) = MessagePackGoldenVectors.DecodeOnly[name];
        var input = new ReadOnlySequence<byte>(Hex.Bytes(hex));
        Assert.True(Protocol.TryParseMessage(ref input, TestBinder.For(message), null, out var parsed));
        Assert.True(input.IsEmpty);
        DeepEqual.Messages(message, parsed);
    }

    [Fact]
    public void DecodesConsecutiveFramesFromOneBuffer()
    {
        var frames = MessagePackGoldenVectors.All.Values.SelectMany(v => Convert.FromBase64String(v.Frame)).ToArray();
        var input = Segments.Split(frames, 7);
        var binder = new TestBinder()
            .Method("method", typeof(int)).Method("AddStream").Method("Mixed", typeof(string), typeof(bool), typeof(object), typeof(double), typeof(byte[]))
            .Method("EchoObject", typeof(EchoPayload)).Method("Upload", typeof(int)).Method("Echo", typeof(string))
            .StreamItem("xyz", typeof(int)).StreamItem("12", typeof(string))
            .Returns("xyz", typeof(int)).Returns("1", typeof(object)).Returns("2", typeof(EchoPayload));
        var parsed = new List<HubMessage>();
        while (Protocol.TryParseMessage(ref input, binder, null, out var message))
        {
            parsed.Add(message!);
        }

        Assert.True(input.IsEmpty);
        Assert.Equal(MessagePackGoldenVectors.All.Count, parsed.Count);
        foreach (var (expected, actual) in MessagePackGoldenVectors.All.Values.Select(v => v.Message).Zip(parsed))
        {
            DeepEqual.Messages(expected, actual);
        }
    }

    [Theory]
    [InlineData(0, "00")]
    [InlineData(127, "7f")]
    [InlineData(128, "8001")]
    [InlineData(5248, "8029")]
    [InlineData(16383, "ff7f")]
    [InlineData(16384, "808001")]
    [InlineData(2097151, "ffff7f")]
    [InlineData(2097152, "80808001")]
    [InlineData(268435455, "ffffff7f")]
    [InlineData(268435456, "8080808001")]
    [InlineData(int.MaxValue, "ffffffff07")]
    public void LengthPrefixesAreVarInts(int length, string hex)
    {
        Span<byte> prefix = stackalloc byte[5];
        int size = BinaryMessageFramer.WriteLengthPrefix(length, prefix);
        Assert.Equal(hex, Hex.Of(prefix[..size]));
        Assert.Equal(size, BinaryMessageFramer.GetLengthPrefixSize(length));
        Assert.True(BinaryMessageFramer.TryReadLengthPrefix(Segments.Split(Hex.Bytes(hex), 1), out int read, out int readSize));
        Assert.Equal((length, size), (read, readSize));
    }

    [Fact]
    public void LargeMessagesGetThreeBytePrefixes()
    {
        var message = new InvocationMessage("Echo", [new string('b', 20_000)]);
        var frame = Protocol.GetMessageBytes(message).ToArray();
        byte[] payload = [.. Hex.Bytes("960180c0a44563686f91da4e20"), .. Enumerable.Repeat((byte)'b', 20_000), 0x90];
        Assert.Equal(Hex.Of([0xae, 0x9c, 0x01]), Hex.Of(frame.AsSpan(0, 3)));
        Assert.Equal(0x2e | (0x1c << 7) | (1 << 14), payload.Length);
        Assert.Equal(payload, frame[3..]);

        var input = Segments.Split(frame, 4096);
        Assert.True(Protocol.TryParseMessage(ref input, TestBinder.For(message), null, out var parsed));
        DeepEqual.Messages(message, parsed);
    }
}
