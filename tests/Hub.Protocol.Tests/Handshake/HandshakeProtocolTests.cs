using System.Buffers;
using System.Text;

namespace HubFramework.Protocol.Tests.Handshake;

public class HandshakeProtocolTests
{
    [Theory]
    [InlineData("json", 1, """{"protocol":"json","version":1}""")]
    [InlineData("messagepack", 2, """{"protocol":"messagepack","version":2}""")]
    public void RequestRoundTrips(string protocol, int version, string json)
    {
        var output = new ArrayBufferWriter<byte>();
        HandshakeProtocol.WriteRequestMessage(new HandshakeRequestMessage(protocol, version), output);
        Assert.Equal(json + "\u001e", Encoding.UTF8.GetString(output.WrittenSpan));

        var input = new ReadOnlySequence<byte>(output.WrittenMemory);
        Assert.True(HandshakeProtocol.TryParseRequestMessage(ref input, out var request));
        Assert.Equal(protocol, request!.Protocol);
        Assert.Equal(version, request.Version);
        Assert.True(input.IsEmpty);
    }

    [Theory]
    [InlineData(null, "{}")]
    [InlineData("The protocol 'foo' is not supported.", """{"error":"The protocol 'foo' is not supported."}""")]
    [InlineData("quote \" and é", """{"error":"quote \" and é"}""")]
    public void ResponseRoundTrips(string? error, string json)
    {
        var output = new ArrayBufferWriter<byte>();
        HandshakeProtocol.WriteResponseMessage(new HandshakeResponseMessage(error), output);
        Assert.Equal(json + "\u001e", Encoding.UTF8.GetString(output.WrittenSpan));

        var input = new ReadOnlySequence<byte>(output.WrittenMemory);
        Assert.True(HandshakeProtocol.TryParseResponseMessage(ref input, out var response));
        Assert.Equal(error, response!.Error);
        Assert.True(input.IsEmpty);
    }

    [Fact]
    public void RequestArrivingByteByByteIsIncompleteUntilTheSeparator()
    {
        var bytes = Encoding.UTF8.GetBytes("""{"protocol":"json","version":2}""" + "\u001e" + """{"type":6}""" + "\u001e");
        var separator = Array.IndexOf(bytes, (byte)0x1E);
        for (var length = 0; length <= separator; length++)
        {
            var input = new ReadOnlySequence<byte>(bytes, 0, length);
            Assert.False(HandshakeProtocol.TryParseRequestMessage(ref input, out var none));
            Assert.Null(none);
            Assert.Equal(length, input.Length);
        }

        var all = Framing.SegmentedSequence.Create(bytes, segmentSize: 1);
        Assert.True(HandshakeProtocol.TryParseRequestMessage(ref all, out var request));
        Assert.Equal("json", request!.Protocol);
        Assert.Equal(2, request.Version);
        // The hub message after the handshake stays in the buffer.
        Assert.Equal("""{"type":6}""" + "\u001e", Encoding.UTF8.GetString(all.ToArray()));
    }

    [Fact]
    public void ResponseArrivingByteByByteIsIncompleteUntilTheSeparator()
    {
        var bytes = Encoding.UTF8.GetBytes("{}\u001e{\"type\":1,\"target\":\"Hi\",\"arguments\":[]}\u001e");
        for (var length = 0; length < 3; length++)
        {
            var input = new ReadOnlySequence<byte>(bytes, 0, length);
            Assert.False(HandshakeProtocol.TryParseResponseMessage(ref input, out _));
        }

        var all = new ReadOnlySequence<byte>(bytes);
        Assert.True(HandshakeProtocol.TryParseResponseMessage(ref all, out var response));
        Assert.Null(response!.Error);
        Assert.Equal(bytes.Length - 3, all.Length);
    }

    [Theory]
    [InlineData("""{"protocol":"json","version":1,"extra":[1,{"a":2}]}""", "json", 1)]
    [InlineData("""{"version":1,"protocol":"messagepack"}""", "messagepack", 1)]
    [InlineData(""" { "protocol" : "json" , "version" : 99 } """, "json", 99)]
    public void RequestAcceptsOtherSpellings(string json, string protocol, int version)
    {
        var input = new ReadOnlySequence<byte>(Encoding.UTF8.GetBytes(json + "\u001e"));
        Assert.True(HandshakeProtocol.TryParseRequestMessage(ref input, out var request));
        Assert.Equal(protocol, request!.Protocol);
        Assert.Equal(version, request.Version);
    }

    [Theory]
    [InlineData("""{"minorVersion":1}""", null)]
    [InlineData("""{"error":"nope","minorVersion":1}""", "nope")]
    [InlineData("""{"error":null}""", null)]
    public void ResponseIgnoresExtraProperties(string json, string? error)
    {
        var input = new ReadOnlySequence<byte>(Encoding.UTF8.GetBytes(json + "\u001e"));
        Assert.True(HandshakeProtocol.TryParseResponseMessage(ref input, out var response));
        Assert.Equal(error, response!.Error);
    }

    public static TheoryData<string, string> InvalidRequests => new()
    {
        { "not json", "The handshake request is not valid JSON: 'not json' is an invalid JSON literal. Expected the literal 'null'. LineNumber: 0 | BytePositionInLine: 1." },
        { "{\"protocol\":\"json\",\"version\":1", "The handshake request is not valid JSON: '1' is an invalid end of a number. Expected a delimiter. LineNumber: 0 | BytePositionInLine: 30." },
        { "[\"json\",1]", "The handshake request must be a JSON object, not StartArray." },
        { "{\"version\":1}", "The handshake request is missing the required property 'protocol'." },
        { "{\"protocol\":\"\",\"version\":1}", "The handshake request is missing the required property 'protocol'." },
        { "{\"protocol\":\"json\"}", "The handshake request is missing the required property 'version'." },
        { "{\"protocol\":1,\"version\":1}", "Expected 'protocol' in the handshake request to be a string." },
        { "{\"protocol\":\"json\",\"version\":\"1\"}", "Expected 'version' in the handshake request to be an integer." },
        { "{\"protocol\":\"json\",\"version\":1.5}", "Expected 'version' in the handshake request to be an integer." },
        { "{\"protocol\":\"json\",\"version\":1}{}", "The handshake request is not valid JSON: '{' is invalid after a single JSON value. Expected end of data. LineNumber: 0 | BytePositionInLine: 31." },
    };

    [Theory]
    [MemberData(nameof(InvalidRequests))]
    public void MalformedRequestThrowsNamingTheProblem(string text, string error)
    {
        var input = new ReadOnlySequence<byte>(Encoding.UTF8.GetBytes(text + "\u001e"));
        var exception = Assert.Throws<HubProtocolException>(() => HandshakeProtocol.TryParseRequestMessage(ref input, out _));
        Assert.Equal(error, exception.Message);
    }

    [Fact]
    public void BinaryGarbageRequestIsAProtocolError()
    {
        var input = new ReadOnlySequence<byte>(new byte[] { 0x95, 0x01, 0x80, 0xFF, 0x1E });
        var exception = Assert.Throws<HubProtocolException>(() => HandshakeProtocol.TryParseRequestMessage(ref input, out _));
        Assert.Equal("The handshake request is not valid UTF-8 (invalid byte sequence at offset 0).", exception.Message);
    }

    [Fact]
    public void OversizeRequestIsRejectedWithoutWaitingForTheSeparator()
    {
        var input = new ReadOnlySequence<byte>(Encoding.UTF8.GetBytes("{\"protocol\":\"" + new string('j', 200)));
        var exception = Assert.Throws<HubProtocolException>(() => HandshakeProtocol.TryParseRequestMessage(ref input, 100, out _));
        Assert.Equal("The handshake request is too large: The maximum message size of 100B was exceeded.", exception.Message);
    }

    [Fact]
    public void DefaultSizeGuardApplies()
    {
        var input = new ReadOnlySequence<byte>(new byte[HandshakeProtocol.DefaultMaximumHandshakeSize + 1]);
        Assert.Throws<HubProtocolException>(() => HandshakeProtocol.TryParseRequestMessage(ref input, out _));
    }

    [Fact]
    public void ResponseThatIsAHubMessageIsRejected()
    {
        var input = new ReadOnlySequence<byte>(Encoding.UTF8.GetBytes("{\"type\":6}\u001e"));
        var exception = Assert.Throws<HubProtocolException>(() => HandshakeProtocol.TryParseResponseMessage(ref input, out _));
        Assert.Equal("Expected a handshake response from the server, got a hub message.", exception.Message);
    }

    [Fact]
    public void ResponseWithNonStringErrorIsRejected()
    {
        var input = new ReadOnlySequence<byte>(Encoding.UTF8.GetBytes("{\"error\":5}\u001e"));
        var exception = Assert.Throws<HubProtocolException>(() => HandshakeProtocol.TryParseResponseMessage(ref input, out _));
        Assert.Equal("Expected 'error' in the handshake response to be a string.", exception.Message);
    }

    [Fact]
    public void SuccessResponseBytesAreTheEmptyObject()
    {
        Assert.Equal("{}\u001e", Encoding.UTF8.GetString(HandshakeProtocol.SuccessResponseBytes));
    }
}
