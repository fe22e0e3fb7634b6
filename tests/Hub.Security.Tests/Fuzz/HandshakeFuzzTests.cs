using System.Buffers;
using System.Text;
using HubFramework.Protocol;

namespace HubFramework.Security.Tests.Fuzz;

/// <summary>The handshake request (server side) and response (client side) parsers.</summary>
public class HandshakeFuzzTests
{
    private static readonly byte[] Alphabet = Encoding.UTF8.GetBytes("{}[]\":,0123456789-.e\\ \u001eprotocolversionjsonmessagepackerrorminorVersiontypetruenull")
        .Concat(new byte[] { 0x00, 0x80, 0xc3, 0xff })
        .ToArray();

    private static readonly List<byte[]> Seeds =
    [
        .. new[]
        {
            """{"protocol":"json","version":1}""",
            """{"protocol":"messagepack","version":1}""",
            """{"version":1,"protocol":"json","extra":[1,{"a":null}]}""",
            "{}",
            """{"error":"Requested protocol 'x' is not available."}""",
            """{"minorVersion":1}""",
            """{"type":7,"error":"closed"}""",
        }.Select(s => Encoding.UTF8.GetBytes(s + "\u001e")),
    ];

    [Fact]
    public void RequestParser() => ParserHarness.Run(
        "handshake-request",
        FuzzCase.Generator(Seeds, Alphabet),
        input =>
        {
            var sequence = input.ToSequence();
            if (HandshakeProtocol.TryParseRequestMessage(ref sequence, 1024, out var request))
            {
                Assert.NotNull(request);
                Assert.NotNull(request.Protocol);
            }
        },
        typeof(HubProtocolException));

    [Fact]
    public void ResponseParser() => ParserHarness.Run(
        "handshake-response",
        FuzzCase.Generator(Seeds, Alphabet),
        input =>
        {
            var sequence = input.ToSequence();
            if (HandshakeProtocol.TryParseResponseMessage(ref sequence, 1024, out var response))
            {
                Assert.NotNull(response);
            }
        },
        typeof(HubProtocolException));
}
