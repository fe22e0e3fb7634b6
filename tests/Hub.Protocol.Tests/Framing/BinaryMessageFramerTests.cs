using System.Buffers;
using System.Text;

namespace HubFramework.Protocol.Tests.Framing;

public class BinaryMessageFramerTests
{
    public static TheoryData<int, byte[]> Prefixes => new()
    {
        { 0, [0x00] },
        { 0x35, [0x35] },
        { 0x7F, [0x7F] },
        { 0x80, [0x80, 0x01] },
        { 0x1480, [0x80, 0x29] },  // the spec's example
        { 0x3FFF, [0xFF, 0x7F] },
        { 0x4000, [0x80, 0x80, 0x01] },
        { 0x7FFFFFFF, [0xFF, 0xFF, 0xFF, 0xFF, 0x07] },  // the spec's maximum
    };

    [Theory]
    [MemberData(nameof(Prefixes))]
    public void LengthPrefixRoundTrips(int length, byte[] expected)
    {
        var output = new ArrayBufferWriter<byte>();
        BinaryMessageFramer.WriteLengthPrefix(length, output);
        Assert.Equal(expected, output.WrittenSpan.ToArray());
        Assert.Equal(expected.Length, BinaryMessageFramer.GetLengthPrefixSize(length));

        Assert.True(BinaryMessageFramer.TryReadLengthPrefix(new ReadOnlySequence<byte>(expected), out var read, out var size));
        Assert.Equal(length, read);
        Assert.Equal(expected.Length, size);
    }

    [Fact]
    public void SpecExampleFramesParse()
    {
        byte[] bytes = [0x0B, .. Encoding.UTF8.GetBytes("Hello\nWorld"), 0x02, 0x01, 0x02];
        var input = SegmentedSequence.Create(bytes, segmentSize: 3);

        Assert.True(BinaryMessageFramer.TryParse(ref input, null, out var first));
        Assert.Equal("Hello\nWorld", Encoding.UTF8.GetString(first.ToArray()));
        Assert.True(BinaryMessageFramer.TryParse(ref input, null, out var second));
        Assert.Equal(new byte[] { 0x01, 0x02 }, second.ToArray());
        Assert.True(input.IsEmpty);
        Assert.False(BinaryMessageFramer.TryParse(ref input, null, out _));
    }

    [Fact]
    public void EveryTruncationIsIncomplete()
    {
        var body = new byte[200];
        var output = new ArrayBufferWriter<byte>();
        BinaryMessageFramer.WriteLengthPrefix(body.Length, output);
        output.Write(body);
        var frame = output.WrittenSpan.ToArray();

        for (var length = 0; length < frame.Length; length++)
        {
            var input = new ReadOnlySequence<byte>(frame, 0, length);
            Assert.False(BinaryMessageFramer.TryParse(ref input, 1000, out _));
            Assert.Equal(length, input.Length);
        }
    }

    [Fact]
    public void PrefixOverTheLimitThrowsBeforeTheBodyArrives()
    {
        var input = new ReadOnlySequence<byte>(new byte[] { 0xFF, 0xFF, 0xFF, 0xFF, 0x07 });
        var error = Assert.Throws<HubProtocolException>(() => BinaryMessageFramer.TryParse(ref input, 32 * 1024, out _));
        Assert.Equal("The maximum message size of 32768B was exceeded.", error.Message);
    }

    [Theory]
    [InlineData(new byte[] { 0xFF, 0xFF, 0xFF, 0xFF, 0x08 })]
    [InlineData(new byte[] { 0x80, 0x80, 0x80, 0x80, 0x80, 0x01 })]
    public void MalformedPrefixThrows(byte[] prefix)
    {
        var input = new ReadOnlySequence<byte>(prefix);
        var error = Assert.Throws<HubProtocolException>(() => BinaryMessageFramer.TryParse(ref input, null, out _));
        Assert.Contains("length prefix", error.Message);
    }
}
