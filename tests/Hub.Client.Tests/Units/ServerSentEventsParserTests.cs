using System.Buffers;
using System.IO.Pipelines;
using System.Text;
using HubFramework.Client.Transports;

namespace HubFramework.Client.Tests.Units;

/// <summary>The Server-Sent Events parser, fed the same stream cut at every possible point.</summary>
public sealed class ServerSentEventsParserTests
{
    [Theory]
    [InlineData("data: a\r\n\r\ndata: b\r\n\r\n", "ab")]
    [InlineData("data:a\n\ndata:b\n\n", "ab")]
    [InlineData("data: a\r\rdata: b\r\r", "ab")]
    [InlineData("data: line1\ndata: line2\n\n", "line1\nline2")]
    [InlineData(": comment\nevent: ignored\nid: 3\ndata: x\n\n", "x")]
    [InlineData("data\n\ndata: y\n\n", "y")]
    [InlineData("data:  two spaces\n\n", " two spaces")]
    [InlineData("data: {\"type\":6}\u001e\r\n\r\n", "{\"type\":6}\u001e")]
    public void ParsesEventsWhereverTheStreamIsCut(string stream, string expected)
    {
        var bytes = Encoding.UTF8.GetBytes(stream);
        for (var cut = 0; cut <= bytes.Length; cut++)
        {
            Assert.Equal(expected, Parse(bytes[..cut], bytes[cut..]));
        }
    }

    [Fact]
    public void RefusesALineLongerThanTheLimit()
    {
        var parser = new ServerSentEventsParser(maximumLineLength: 16);
        var buffer = new ReadOnlySequence<byte>(Encoding.UTF8.GetBytes("data: " + new string('x', 32)));
        var pipe = new Pipe();

        Assert.Throws<InvalidDataException>(() => parser.Parse(ref buffer, pipe.Writer));
    }

    private static string Parse(byte[] first, byte[] second)
    {
        var parser = new ServerSentEventsParser(maximumLineLength: 1024);
        var pipe = new Pipe();
        var pending = Array.Empty<byte>();
        foreach (var chunk in new[] { first, second })
        {
            var buffer = new ReadOnlySequence<byte>([.. pending, .. chunk]);
            parser.Parse(ref buffer, pipe.Writer);
            pending = buffer.ToArray();
        }

        pipe.Writer.Complete();
        pipe.Reader.TryRead(out var result);
        var text = Encoding.UTF8.GetString(result.Buffer.ToArray());
        pipe.Reader.AdvanceTo(result.Buffer.End);
        return text;
    }
}
