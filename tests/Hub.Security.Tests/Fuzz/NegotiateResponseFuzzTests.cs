using System.Text;
using HubFramework.Protocol;

namespace HubFramework.Security.Tests.Fuzz;

/// <summary>The client's negotiate-response parser: whatever a (hostile) server answers, only <see cref="HubProtocolException"/>.</summary>
public class NegotiateResponseFuzzTests
{
    private static readonly byte[] Alphabet = Encoding.UTF8.GetBytes("{}[]\":,0123456789-.eE\\u \tnegotiateVersionconnectionIdconnectionTokenavailableTransportstransporttransferFormatsWebSocketsServerSentEventsLongPollingTextBinaryurlaccessTokenerroruseStatefulReconnecttruefalsenullProtocolVersion")
        .Concat(new byte[] { 0x00, 0x80, 0xc3, 0xff })
        .ToArray();

    private static readonly List<byte[]> Seeds =
    [
        .. new[]
        {
            """{"negotiateVersion":1,"connectionId":"abc","connectionToken":"node.xyz","availableTransports":[{"transport":"WebSockets","transferFormats":["Text","Binary"]},{"transport":"ServerSentEvents","transferFormats":["Text"]},{"transport":"LongPolling","transferFormats":["Text","Binary"]}]}""",
            """{"connectionId":"abc","availableTransports":[]}""",
            """{"negotiateVersion":1,"connectionId":"a","connectionToken":"b","availableTransports":[],"useStatefulReconnect":true}""",
            """{"url":"https://example.com/hub","accessToken":"token"}""",
            """{"error":"Negotiate failed."}""",
            """{"ProtocolVersion":"1.5","Url":"/signalr"}""",
            """{"negotiateVersion":0,"connectionId":"x","availableTransports":[{"transport":"Unknown","transferFormats":["Weird"]}],"extra":{"n":[1,2,{"d":null}]}}""",
        }.Select(Encoding.UTF8.GetBytes),
    ];

    [Fact]
    public void ResponseParser() => ParserHarness.Run(
        "negotiate-response",
        FuzzCase.Generator(Seeds, Alphabet),
        input => Assert.NotNull(NegotiateProtocol.ParseResponse(input.Bytes)),
        typeof(HubProtocolException));
}
