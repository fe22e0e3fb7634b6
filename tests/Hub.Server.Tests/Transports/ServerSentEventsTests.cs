using System.Buffers;
using System.Net;
using System.Text;
using HubFramework.Protocol;
using HubFramework.Server.Tests.Connections;
using HubFramework.Server.Transports;

namespace HubFramework.Server.Tests.Transports;

public class ServerSentEventsTests
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task StreamHasEventStreamHeadersAndCarriesEchoedPostsAsDataEvents()
    {
        await using var server = await ConnectionTestServer.StartAsync();
        var (id, connectionId) = await server.NegotiateAsync();
        using var response = await server.OpenEventStreamAsync(id).WaitAsync(Bound);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        Assert.True(response.Headers.CacheControl?.NoCache);

        await using var stream = await response.Content.ReadAsStreamAsync();
        var reader = new EventStreamReader(stream);
        Assert.Equal(":", await reader.ReadLineAsync());

        using (var post = await server.PostAsync(id, "hello"u8.ToArray()))
        {
            Assert.Equal(HttpStatusCode.OK, post.StatusCode);
        }

        Assert.Equal("data: hello\r\n\r\n", await reader.ReadEventAsync());
        var connection = await server.Handler.FirstConnected.WaitAsync(Bound);
        Assert.Equal(connectionId, connection.ConnectionId);
        Assert.Equal(HttpTransportType.ServerSentEvents, connection.TransportType);
    }

    [Fact]
    public async Task MultiLinePayloadsBecomeOneDataLinePerLine()
    {
        await using var server = await ConnectionTestServer.StartAsync();
        var (id, _) = await server.NegotiateAsync();
        using var response = await server.OpenEventStreamAsync(id).WaitAsync(Bound);
        await using var stream = await response.Content.ReadAsStreamAsync();
        var reader = new EventStreamReader(stream);
        await reader.ReadLineAsync();

        (await server.PostAsync(id, "a\nb\r\nc\rd\n"u8.ToArray())).EnsureSuccessStatusCode();
        Assert.Equal("data: a\r\ndata: b\r\ndata: c\r\ndata: d\r\ndata: \r\n\r\n", await reader.ReadEventAsync());
    }

    [Theory]
    [InlineData("plain", "data: plain\r\n\r\n")]
    [InlineData("", "data: \r\n\r\n")]
    [InlineData("x\r\n\r\ny", "data: x\r\ndata: \r\ndata: y\r\n\r\n")]
    [InlineData("\r", "data: \r\ndata: \r\n\r\n")]
    [InlineData("{\"type\":1}\u001e", "data: {\"type\":1}\u001e\r\n\r\n")]
    public void FormatterWritesEachLineAsDataField(string payload, string expected)
    {
        var output = new ArrayBufferWriter<byte>();
        ServerSentEventsFormatter.WriteEvent(new ReadOnlySequence<byte>(Encoding.UTF8.GetBytes(payload)), output);
        Assert.Equal(expected, Encoding.UTF8.GetString(output.WrittenSpan));
    }

    [Fact]
    public void FormatterHandlesLineBreaksSplitAcrossSegments()
    {
        // "ab\r" | "\ncd\r" | "" | "e" — the CR LF pair straddles segments; the last CR is a lone one.
        var sequence = Segments("ab\r", "\ncd\r", "", "e");
        var output = new ArrayBufferWriter<byte>();
        ServerSentEventsFormatter.WriteEvent(sequence, output);
        Assert.Equal("data: ab\r\ndata: cd\r\ndata: e\r\n\r\n", Encoding.UTF8.GetString(output.WrittenSpan));
    }

    [Fact]
    public async Task SecondStreamForTheSameConnectionIs409()
    {
        await using var server = await ConnectionTestServer.StartAsync();
        var (id, _) = await server.NegotiateAsync();
        using var first = await server.OpenEventStreamAsync(id).WaitAsync(Bound);
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        using var second = await server.OpenEventStreamAsync(id).WaitAsync(Bound);
        Assert.Equal(HttpStatusCode.Conflict, second.StatusCode);
    }

    [Fact]
    public async Task StatusCodesForMissingUnknownDisabledAndMismatched()
    {
        await using var server = await ConnectionTestServer.StartAsync();
        using (var unknown = await server.OpenEventStreamAsync("unknown.id"))
        {
            Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        }

        using (var request = new HttpRequestMessage(HttpMethod.Get, ConnectionTestServer.Path))
        {
            request.Headers.Accept.ParseAdd("text/event-stream");
            using var noId = await server.Http.SendAsync(request);
            Assert.Equal(HttpStatusCode.BadRequest, noId.StatusCode);
        }

        // An event-stream connection cannot switch to long polling.
        var (id, _) = await server.NegotiateAsync();
        using var stream = await server.OpenEventStreamAsync(id).WaitAsync(Bound);
        using var poll = await server.PollAsync(id);
        Assert.Equal(HttpStatusCode.BadRequest, poll.StatusCode);

        await using var disabled = await ConnectionTestServer.StartAsync(o => o.Transports = HttpTransportType.LongPolling);
        var (other, _) = await disabled.NegotiateAsync();
        using var rejected = await disabled.OpenEventStreamAsync(other);
        Assert.Equal(HttpStatusCode.NotFound, rejected.StatusCode);
    }

    [Fact]
    public async Task ClientDisconnectEndsTheConnection()
    {
        await using var server = await ConnectionTestServer.StartAsync(o => o.DisconnectTimeout = TimeSpan.FromMinutes(5));
        var (id, connectionId) = await server.NegotiateAsync();
        var response = await server.OpenEventStreamAsync(id).WaitAsync(Bound);
        var stream = await response.Content.ReadAsStreamAsync();
        await new EventStreamReader(stream).ReadLineAsync();
        await server.Handler.FirstConnected.WaitAsync(Bound);

        await stream.DisposeAsync();
        response.Dispose();

        await server.Handler.WhenEndedAsync(connectionId);
        await server.WaitUntilGoneAsync(id);
    }

    [Fact]
    public async Task ApplicationEndEndsTheStreamAfterTheLastEvent()
    {
        var handler = new TestConnectionHandler(connection => TestConnectionHandler.SendAsync(connection, "bye"u8.ToArray()));
        await using var server = await ConnectionTestServer.StartAsync(handler: handler);
        var (id, _) = await server.NegotiateAsync();
        using var response = await server.OpenEventStreamAsync(id).WaitAsync(Bound);
        await using var stream = await response.Content.ReadAsStreamAsync();
        var rest = await ReadToEndAsync(stream);
        Assert.Equal(":\r\ndata: bye\r\n\r\n", rest);
        await server.WaitUntilGoneAsync(id);
    }

    [Fact]
    public async Task NegotiatedButNeverOpenedConnectionIsReapedAfterTheDisconnectTimeout()
    {
        await using var server = await ConnectionTestServer.StartAsync(o => o.DisconnectTimeout = TimeSpan.FromMilliseconds(200));
        var (id, _) = await server.NegotiateAsync();
        await server.WaitUntilGoneAsync(id);
        using var response = await server.OpenEventStreamAsync(id);
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Empty(server.Handler.Connections);
    }

    private static async Task<string> ReadToEndAsync(Stream stream)
    {
        using var cts = new CancellationTokenSource(Bound);
        using var all = new MemoryStream();
        await stream.CopyToAsync(all, cts.Token);
        return Encoding.UTF8.GetString(all.ToArray());
    }

    private static ReadOnlySequence<byte> Segments(params string[] parts)
    {
        Segment? first = null;
        Segment? last = null;
        foreach (var part in parts)
        {
            var next = new Segment(Encoding.UTF8.GetBytes(part));
            if (first is null)
            {
                first = next;
            }
            else
            {
                last!.Append(next);
            }

            last = next;
        }

        return new ReadOnlySequence<byte>(first!, 0, last!, last!.Memory.Length);
    }

    private sealed class Segment : ReadOnlySequenceSegment<byte>
    {
        public Segment(byte[] data) => Memory = data;

        public void Append(Segment next)
        {
            next.RunningIndex = RunningIndex + Memory.Length;
            Next = next;
        }
    }

    /// <summary>Reads raw lines and whole events (up to the blank line) from an event stream, bounded in time.</summary>
    private sealed class EventStreamReader(Stream stream)
    {
        private readonly List<byte> _pending = [];

        public async Task<string> ReadLineAsync()
        {
            var text = await ReadUntilAsync("\r\n"u8.ToArray());
            return text[..^2];
        }

        public Task<string> ReadEventAsync() => ReadUntilAsync("\r\n\r\n"u8.ToArray());

        private async Task<string> ReadUntilAsync(byte[] terminator)
        {
            using var cts = new CancellationTokenSource(Bound);
            var buffer = new byte[1024];
            while (true)
            {
                var index = IndexOf(terminator);
                if (index >= 0)
                {
                    var bytes = _pending.GetRange(0, index + terminator.Length).ToArray();
                    _pending.RemoveRange(0, bytes.Length);
                    return Encoding.UTF8.GetString(bytes);
                }

                var read = await stream.ReadAsync(buffer, cts.Token);
                if (read == 0)
                {
                    throw new EndOfStreamException("Event stream ended.");
                }

                _pending.AddRange(buffer.AsSpan(0, read));
            }
        }

        private int IndexOf(byte[] terminator)
        {
            for (var i = 0; i + terminator.Length <= _pending.Count; i++)
            {
                var match = true;
                for (var j = 0; j < terminator.Length && match; j++)
                {
                    match = _pending[i + j] == terminator[j];
                }

                if (match)
                {
                    return i;
                }
            }

            return -1;
        }
    }
}
