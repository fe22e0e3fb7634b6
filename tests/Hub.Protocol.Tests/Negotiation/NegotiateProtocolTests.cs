using System.Buffers;
using System.Text;

namespace HubFramework.Protocol.Tests.Negotiation;

public class NegotiateProtocolTests
{
    private static readonly AvailableTransport[] AllTransports =
    [
        new(TransportNames.WebSockets, ["Text", "Binary"]),
        new(TransportNames.ServerSentEvents, ["Text"]),
        new(TransportNames.LongPolling, ["Text", "Binary"]),
    ];

    private const string AllTransportsJson =
        """[{"transport":"WebSockets","transferFormats":["Text","Binary"]},{"transport":"ServerSentEvents","transferFormats":["Text"]},{"transport":"LongPolling","transferFormats":["Text","Binary"]}]""";

    public static readonly IReadOnlyList<(string Name, NegotiationResponse Response, string Json)> Vectors =
    [
        ("version 1",
            new NegotiationResponse { Version = 1, ConnectionId = "807809a5-31bf-470d-9e23-afaee35d8a0d", ConnectionToken = "05265228-1e2c-46c5-82a1-6a5bcc3f0143", AvailableTransports = AllTransports },
            """{"negotiateVersion":1,"connectionId":"807809a5-31bf-470d-9e23-afaee35d8a0d","connectionToken":"05265228-1e2c-46c5-82a1-6a5bcc3f0143","availableTransports":""" + AllTransportsJson + "}"),
        ("version 0",
            new NegotiationResponse { Version = 0, ConnectionId = "807809a5-31bf-470d-9e23-afaee35d8a0d", AvailableTransports = AllTransports },
            """{"negotiateVersion":0,"connectionId":"807809a5-31bf-470d-9e23-afaee35d8a0d","availableTransports":""" + AllTransportsJson + "}"),
        ("version 1 with stateful reconnect",
            new NegotiationResponse { Version = 1, ConnectionId = "id", ConnectionToken = "token", UseStatefulReconnect = true, AvailableTransports = [new(TransportNames.WebSockets, ["Text", "Binary"])] },
            """{"useStatefulReconnect":true,"negotiateVersion":1,"connectionId":"id","connectionToken":"token","availableTransports":[{"transport":"WebSockets","transferFormats":["Text","Binary"]}]}"""),
        ("version 1 without transports",
            new NegotiationResponse { Version = 1, ConnectionId = "id", ConnectionToken = "token", AvailableTransports = [] },
            """{"negotiateVersion":1,"connectionId":"id","connectionToken":"token","availableTransports":[]}"""),
        ("redirect (spec example)",
            new NegotiationResponse { Url = "https://myapp.com/chat", AccessToken = "accessToken" },
            """{"url":"https://myapp.com/chat","accessToken":"accessToken"}"""),
        ("redirect without token",
            new NegotiationResponse { Url = "https://myapp.com/chat" },
            """{"url":"https://myapp.com/chat"}"""),
        ("error (spec example)",
            new NegotiationResponse { Error = "This connection is not allowed." },
            """{"error":"This connection is not allowed."}"""),
        ("error as Microsoft's server words a bad version",
            new NegotiationResponse { Error = "The client requested an invalid protocol version 'x'" },
            """{"error":"The client requested an invalid protocol version 'x'"}"""),
    ];

    public static TheoryData<string> VectorNames => new(Vectors.Select(v => v.Name));

    [Theory]
    [MemberData(nameof(VectorNames))]
    public void WritesExactJson(string name)
    {
        var (_, response, json) = Vectors.Single(v => v.Name == name);
        var output = new ArrayBufferWriter<byte>();
        NegotiateProtocol.WriteResponse(response, output);
        Assert.Equal(json, Encoding.UTF8.GetString(output.WrittenSpan));
    }

    [Theory]
    [MemberData(nameof(VectorNames))]
    public void ParsesExactJson(string name)
    {
        var (_, expected, json) = Vectors.Single(v => v.Name == name);
        AssertEqual(expected, NegotiateProtocol.ParseResponse(Encoding.UTF8.GetBytes(json)));
    }

    [Fact]
    public void VersionZeroNeverCarriesTheToken()
    {
        var output = new ArrayBufferWriter<byte>();
        NegotiateProtocol.WriteResponse(new NegotiationResponse { Version = 0, ConnectionId = "id", ConnectionToken = "secret" }, output);
        Assert.Equal("""{"negotiateVersion":0,"connectionId":"id","availableTransports":[]}""", Encoding.UTF8.GetString(output.WrittenSpan));
    }

    [Fact]
    public void ExtensionsAreWrittenLastAndOnlyWhenThereAreSome()
    {
        var response = new NegotiationResponse { Version = 1, ConnectionId = "c", ConnectionToken = "t", AvailableTransports = AllTransports, Extensions = ["multiplex"] };
        var buffer = new ArrayBufferWriter<byte>();
        NegotiateProtocol.WriteResponse(response, buffer);
        var json = Encoding.UTF8.GetString(buffer.WrittenSpan);
        Assert.EndsWith("]}]," + "\"hubExtensions\":[\"multiplex\"]}", json, StringComparison.Ordinal);
        Assert.Equal(["multiplex"], NegotiateProtocol.ParseResponse(buffer.WrittenMemory.ToArray()).Extensions);

        response.Extensions = [];
        buffer.Clear();
        NegotiateProtocol.WriteResponse(response, buffer);
        Assert.DoesNotContain("hubExtensions", Encoding.UTF8.GetString(buffer.WrittenSpan), StringComparison.Ordinal);
        Assert.Null(NegotiateProtocol.ParseResponse(buffer.WrittenMemory.ToArray()).Extensions);
    }

    [Theory]
    [InlineData("{\"hubExtensions\":\"multiplex\"}")]
    [InlineData("{\"hubExtensions\":[1]}")]
    public void MalformedExtensionsAreAClearError(string json)
    {
        var error = Assert.Throws<HubProtocolException>(() => NegotiateProtocol.ParseResponse(Encoding.UTF8.GetBytes(json)));
        Assert.Equal("Expected 'hubExtensions' in the negotiate response to be an array of strings.", error.Message);
    }

    [Fact]
    public void ParsesTheSpecExampleAsPrintedWithExtraProperties()
    {
        var json = """
            {
              "connectionToken":"05265228-1e2c-46c5-82a1-6a5bcc3f0143",
              "connectionId":"807809a5-31bf-470d-9e23-afaee35d8a0d",
              "negotiateVersion":1,
              "futureThing": { "nested": [1, 2, {"x": null}] },
              "availableTransports":[
                { "transport": "WebSockets", "transferFormats": [ "Text", "Binary" ], "extra": true },
                { "transport": "ServerSentEvents", "transferFormats": [ "Text" ] },
                { "transport": "LongPolling", "transferFormats": [ "Text", "Binary" ] }
              ]
            }
            """;
        AssertEqual(Vectors[0].Response, NegotiateProtocol.ParseResponse(Encoding.UTF8.GetBytes(json)));
    }

    public static TheoryData<string, string> InvalidResponses => new()
    {
        { "", "The negotiate response is not valid JSON: The input does not contain any JSON tokens. Expected the input to start with a valid JSON token, when isFinalBlock is true. LineNumber: 0 | BytePositionInLine: 0." },
        { "[]", "The negotiate response must be a JSON object, not StartArray." },
        { """{"negotiateVersion":1,"availableTransports":[]}""", "The negotiate response is missing the required property 'connectionId'." },
        { """{"negotiateVersion":1,"connectionId":"id"}""", "The negotiate response is missing the required property 'connectionToken' (negotiate version 1 and later)." },
        { """{"negotiateVersion":"1","connectionId":"id"}""", "Expected 'negotiateVersion' in the negotiate response to be an integer." },
        { """{"connectionId":"id","availableTransports":{}}""", "Expected 'availableTransports' in the negotiate response to be an array." },
        { """{"connectionId":"id","availableTransports":[{"transferFormats":["Text"]}]}""", "An entry of 'availableTransports' is missing the required property 'transport'." },
        { """{"Url":"/signalr","ConnectionToken":"X","ConnectionId":"Y","ProtocolVersion":"1.5"}""", "Detected a connection attempt to an ASP.NET SignalR server. This client only supports ASP.NET Core SignalR servers." },
        { """{"connectionId":"id""", "The negotiate response is not valid JSON: Expected end of string, but instead reached end of data. LineNumber: 0 | BytePositionInLine: 19." },
    };

    [Theory]
    [MemberData(nameof(InvalidResponses))]
    public void InvalidResponsesThrowNamingTheProblem(string json, string error)
    {
        var exception = Assert.Throws<HubProtocolException>(() => NegotiateProtocol.ParseResponse(Encoding.UTF8.GetBytes(json)));
        Assert.Equal(error, exception.Message);
    }

    [Fact]
    public void InvalidUtf8IsRejected()
    {
        byte[] body = [.. "{\"connectionId\":\""u8, 0xFE, .. "\"}"u8];
        var exception = Assert.Throws<HubProtocolException>(() => NegotiateProtocol.ParseResponse(body));
        Assert.Equal("The negotiate response is not valid UTF-8 (invalid byte sequence at offset 17).", exception.Message);
    }

    private static void AssertEqual(NegotiationResponse expected, NegotiationResponse actual)
    {
        Assert.Equal(expected.Version, actual.Version);
        Assert.Equal(expected.ConnectionId, actual.ConnectionId);
        Assert.Equal(expected.ConnectionToken, actual.ConnectionToken);
        Assert.Equal(expected.Url, actual.Url);
        Assert.Equal(expected.AccessToken, actual.AccessToken);
        Assert.Equal(expected.Error, actual.Error);
        Assert.Equal(expected.UseStatefulReconnect, actual.UseStatefulReconnect);
        var expectedTransports = expected.AvailableTransports ?? [];
        var actualTransports = actual.AvailableTransports ?? [];
        Assert.Equal(expectedTransports.Select(t => t.Transport), actualTransports.Select(t => t.Transport));
        Assert.Equal(expectedTransports.Select(t => string.Join(",", t.TransferFormats)), actualTransports.Select(t => string.Join(",", t.TransferFormats)));
    }
}
