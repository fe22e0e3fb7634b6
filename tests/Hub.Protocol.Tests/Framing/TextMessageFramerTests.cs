using System.Buffers;
using System.Text;

namespace HubFramework.Protocol.Tests.Framing;

public class TextMessageFramerTests
{
    [Fact]
    public void TakesRecordsOneByOne()
    {
        var input = new ReadOnlySequence<byte>(Encoding.UTF8.GetBytes("{\"a\":1}\u001e{}\u001epartial"));

        Assert.True(TextMessageFramer.TryParse(ref input, null, out var first));
        Assert.Equal("{\"a\":1}", Encoding.UTF8.GetString(first));
        Assert.True(TextMessageFramer.TryParse(ref input, null, out var second));
        Assert.Equal("{}", Encoding.UTF8.GetString(second));
        Assert.False(TextMessageFramer.TryParse(ref input, null, out _));
        Assert.Equal("partial", Encoding.UTF8.GetString(input));
    }

    [Fact]
    public void FindsSeparatorAcrossSegments()
    {
        var bytes = Encoding.UTF8.GetBytes("{\"target\":\"x\"}\u001erest");
        var input = SegmentedSequence.Create(bytes, segmentSize: 1);

        Assert.True(TextMessageFramer.TryParse(ref input, 100, out var payload));
        Assert.Equal("{\"target\":\"x\"}", Encoding.UTF8.GetString(payload.ToArray()));
        Assert.Equal("rest", Encoding.UTF8.GetString(input.ToArray()));
    }

    [Fact]
    public void EveryPrefixWithoutSeparatorIsIncomplete()
    {
        var bytes = Encoding.UTF8.GetBytes("{\"type\":6}\u001e");
        for (var length = 0; length < bytes.Length; length++)
        {
            var input = new ReadOnlySequence<byte>(bytes, 0, length);
            Assert.False(TextMessageFramer.TryParse(ref input, 1024, out _));
            Assert.Equal(length, input.Length);
        }
    }

    [Fact]
    public void RecordOfExactlyTheLimitIsAccepted()
    {
        var input = new ReadOnlySequence<byte>(Encoding.UTF8.GetBytes("12345\u001e"));
        Assert.True(TextMessageFramer.TryParse(ref input, 5, out var payload));
        Assert.Equal(5, payload.Length);
    }

    [Fact]
    public void RecordOverTheLimitThrowsNamingTheLimit()
    {
        var input = new ReadOnlySequence<byte>(Encoding.UTF8.GetBytes("123456\u001e"));
        var error = Assert.Throws<HubProtocolException>(() => TextMessageFramer.TryParse(ref input, 5, out _));
        Assert.Equal("The maximum message size of 5B was exceeded.", error.Message);
    }

    [Fact]
    public void UnterminatedDataOverTheLimitThrowsWithoutWaitingForMore()
    {
        var input = new ReadOnlySequence<byte>(new byte[6]);
        Assert.Throws<HubProtocolException>(() => TextMessageFramer.TryParse(ref input, 5, out _));
    }

    [Fact]
    public void WritesTheSeparator()
    {
        var output = new ArrayBufferWriter<byte>();
        TextMessageFramer.WriteRecordSeparator(output);
        Assert.Equal(new byte[] { 0x1E }, output.WrittenSpan.ToArray());
    }
}
