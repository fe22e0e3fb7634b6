using System.Buffers;
using System.IO.Pipelines;
using System.Text;
using HubFramework.Client.Transports;

namespace HubFramework.Security.Tests.Fuzz;

/// <summary>
/// The client's Server-Sent Events parser: whatever the stream holds, only <see cref="InvalidDataException"/> (a line
/// over the limit), and the same event data whether the stream arrives at once or in pieces.
/// </summary>
public class ServerSentEventsFuzzTests
{
    private const long MaximumLineLength = 512;

    private static readonly byte[] Alphabet = Encoding.UTF8.GetBytes("data:event:id:retry: \r\n\r\n:comment{}\"\u001e0123456789abc")
        .Concat(new byte[] { 0x00, 0x80, 0xc3, 0xff })
        .ToArray();

    private static readonly List<byte[]> Seeds =
    [
        .. new[]
        {
            "data: {\"type\":1,\"target\":\"Send\",\"arguments\":[42]}\u001e\r\n\r\n",
            ":\r\n\r\n",
            "data: a\ndata: b\n\n",
            "event: message\nid: 1\nretry: 10\r\rdata:no space\r\n\r\n",
            "data\n\ndata:\n\n",
            "data: " + new string('x', 400) + "\n\n",
        }.Select(Encoding.UTF8.GetBytes),
    ];

    [Fact]
    public void EventStreamParser() => ParserHarness.Run(
        "server-sent-events",
        FuzzCase.Generator(Seeds, Alphabet),
        input =>
        {
            var whole = Parse(input.Bytes, input.Bytes.Length);
            var chunked = Parse(input.Bytes, input.ChunkSize);
            Assert.Equal(whole, chunked);
        });

    /// <summary>The event data the parser writes, fed as a transport would (unconsumed bytes kept for the next read).</summary>
    private static string Parse(byte[] stream, int chunkSize)
    {
        var output = new MemoryStream();
        var writer = PipeWriter.Create(output);
        var parser = new ServerSentEventsParser(MaximumLineLength);
        var pending = Array.Empty<byte>();
        try
        {
            for (var offset = 0; offset < stream.Length; offset += chunkSize)
            {
                pending = [.. pending, .. stream.AsSpan(offset, Math.Min(chunkSize, stream.Length - offset))];
                var buffer = new ReadOnlySequence<byte>(pending);
                parser.Parse(ref buffer, writer);
                pending = buffer.ToArray();
            }
        }
        catch (InvalidDataException)
        {
            // A line too long: where exactly the parser noticed may depend on the pieces, that it did may not.
            return "line too long";
        }

        writer.FlushAsync().AsTask().GetAwaiter().GetResult();
        return Convert.ToHexString(output.ToArray());
    }
}
