using System.Buffers;
using System.Text;
using HubFramework.Client;
using HubFramework.Protocol;
using HubFramework.Protocol.Json;
using HubFramework.Protocol.Tests.Json;
using Microsoft.Extensions.DependencyInjection;

namespace HubFramework.Security.Tests.Fuzz;

/// <summary>
/// The hub protocols' parsers (through <see cref="IHubProtocol"/> only, whatever implements them), seeded from the
/// golden vectors: nothing but <see cref="HubProtocolException"/>, no hang, bounded allocation, and the same
/// outcome whether the bytes arrive at once or in pieces.
/// </summary>
public class HubProtocolFuzzTests
{
    private const long MaximumMessageSize = 4096;

    private static readonly byte[] JsonAlphabet = Encoding.UTF8.GetBytes("{}[]\":,0123456789-+.eE\\/ \t\r\nabtruefalsenull\u001etypeinvocationIdtargetargumentsstreamIdsheadersitemresulterrorallowReconnectsequenceId")
        .Concat(new byte[] { 0x00, 0x7f, 0x80, 0xbf, 0xc0, 0xc3, 0xe2, 0xed, 0xf0, 0xf4, 0xf8, 0xff })
        .ToArray();

    private static readonly byte[] MessagePackAlphabet =
    [
        0x00, 0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08, 0x09, 0x7f, 0x80, 0x81, 0x8f, 0x90, 0x91, 0x92, 0x93, 0x94, 0x95, 0x96, 0x97, 0x9f,
        0xa0, 0xa1, 0xa3, 0xbf, 0xc0, 0xc1, 0xc2, 0xc3, 0xc4, 0xc5, 0xc6, 0xc7, 0xc8, 0xc9, 0xca, 0xcb, 0xcc, 0xcd, 0xce, 0xcf,
        0xd0, 0xd1, 0xd2, 0xd3, 0xd4, 0xd5, 0xd6, 0xd7, 0xd8, 0xd9, 0xda, 0xdb, 0xdc, 0xdd, 0xde, 0xdf, 0xe0, 0xff,
    ];

    [Fact]
    public void JsonHubProtocol()
    {
        var protocol = new JsonHubProtocol();
        var seeds = JsonHubProtocolVectors.Canonical.Select(v => v.Json)
            .Concat(JsonHubProtocolVectors.ParseOnly.Select(v => v.Json))
            .Concat(JsonHubProtocolVectors.Invalid.Select(v => v.Json))
            .Select(json => Encoding.UTF8.GetBytes(json + "\u001e"))
            .ToList();
        seeds.Add([.. seeds[0], .. seeds[1], .. seeds[2]]);
        ParserHarness.Run("json-hub-protocol", FuzzCase.Generator(seeds, JsonAlphabet), input => AssertChunkingDoesNotMatter(protocol, input), typeof(HubProtocolException));
    }

    [Fact]
    public void MessagePackHubProtocol()
    {
        var protocol = MessagePack();
        // Seeded from the same golden messages, as this protocol writes them.
        var seeds = new List<byte[]>();
        foreach (var (_, message, _) in JsonHubProtocolVectors.Canonical)
        {
            try
            {
                seeds.Add(protocol.GetMessageBytes(message).ToArray());
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                // A message this protocol cannot write (a type it does not serialize) seeds nothing.
            }
        }

        Assert.True(seeds.Count >= 10, $"Only {seeds.Count} golden messages could be written with MessagePack.");
        seeds.Add([.. seeds[0], .. seeds[1]]);
        ParserHarness.Run("messagepack-hub-protocol", FuzzCase.Generator(seeds, MessagePackAlphabet), input => AssertChunkingDoesNotMatter(protocol, input), typeof(HubProtocolException));
    }

    /// <summary>The registered MessagePack protocol, reached through registration alone (no implementation type named).</summary>
    internal static IHubProtocol MessagePack()
    {
        var builder = new HubConnectionBuilder().AddMessagePackProtocol();
        using var services = builder.Services.BuildServiceProvider();
        return services.GetServices<IHubProtocol>().Single(p => p.Name == "messagepack");
    }

    private static void AssertChunkingDoesNotMatter(IHubProtocol protocol, FuzzCase input)
    {
        var whole = Parse(protocol, new ReadOnlySequence<byte>(input.Bytes), input.Bytes.Length);
        var chunked = Parse(protocol, input.ToSequence(), input.Bytes.Length);
        Assert.Equal(whole, chunked);
    }

    /// <summary>What parsing yields: the messages' kinds in order, then the error that ended it, if any.</summary>
    private static string Parse(IHubProtocol protocol, ReadOnlySequence<byte> input, int length)
    {
        var binder = new FuzzBinder();
        var outcome = new StringBuilder();
        try
        {
            // Every message takes at least one byte: more rounds than bytes is a parser that does not advance.
            for (var round = 0; protocol.TryParseMessage(ref input, binder, MaximumMessageSize, out var message); round++)
            {
                Assert.True(round <= length, "The parser keeps returning messages without consuming input.");
                Assert.NotNull(message);
                outcome.Append(message.GetType().Name).Append(' ');
            }
        }
        catch (HubProtocolException)
        {
            outcome.Append("HubProtocolException");
        }

        return outcome.ToString();
    }
}
