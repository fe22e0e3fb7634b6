using System.Buffers;
using System.Text;
using System.Text.Json;
using HubFramework.Protocol.Json;

namespace HubFramework.Protocol.Tests.Json;

public class JsonHubProtocolBadInputTests
{
    private static readonly JsonHubProtocol Protocol = new();

    [Fact]
    public void EveryTruncationOfEveryVectorIsIncomplete()
    {
        foreach (var (name, message, json) in JsonHubProtocolVectors.Canonical)
        {
            var bytes = Encoding.UTF8.GetBytes(json + "\u001e");
            for (var length = 0; length < bytes.Length; length++)
            {
                var input = new ReadOnlySequence<byte>(bytes, 0, length);
                Assert.False(Protocol.TryParseMessage(ref input, MessageBinder.For(message), 1024, out var parsed), name);
                Assert.Null(parsed);
                Assert.Equal(length, input.Length);
            }
        }
    }

    [Fact]
    public void RecordOverTheMaximumSizeThrowsNamingTheLimit()
    {
        var input = Record("""{"type":1,"target":"Send","arguments":["0123456789012345678901234567890123456789"]}""");
        var error = Assert.Throws<HubProtocolException>(() => Protocol.TryParseMessage(ref input, new MessageBinder(), 32, out _));
        Assert.Equal("The maximum message size of 32B was exceeded.", error.Message);
    }

    [Fact]
    public void UnterminatedRecordOverTheMaximumSizeThrowsBeforeTheSeparatorArrives()
    {
        var input = new ReadOnlySequence<byte>(Encoding.UTF8.GetBytes("{\"type\":1,\"target\":\"" + new string('a', 100)));
        Assert.Throws<HubProtocolException>(() => Protocol.TryParseMessage(ref input, new MessageBinder(), 64, out _));
    }

    [Fact]
    public void RecordWithinTheMaximumSizeIsParsed()
    {
        var json = """{"type":6}""";
        var input = Record(json);
        Assert.True(Protocol.TryParseMessage(ref input, new MessageBinder(), json.Length, out var message));
        Assert.Same(PingMessage.Instance, message);
    }

    public static TheoryData<string, byte[], int> InvalidUtf8 => new()
    {
        { "lone continuation byte in a string", Bytes("{\"type\":1,\"target\":\"Send\",\"arguments\":[\"a", [0x80], "\"]}"), 41 },
        { "0xFF in a property name", Bytes("{\"", [0xFF], "\":1,\"type\":6}"), 2 },
        { "truncated two-byte character", Bytes("{\"type\":5,\"invocationId\":\"", [0xC3], "\"}"), 26 },
        { "overlong encoding of '/'", Bytes("{\"type\":5,\"invocationId\":\"", [0xC0, 0xAF], "\"}"), 26 },
        { "UTF-16 surrogate encoded in UTF-8", Bytes("{\"type\":5,\"invocationId\":\"", [0xED, 0xA0, 0x80], "\"}"), 26 },
    };

    [Theory]
    [MemberData(nameof(InvalidUtf8))]
    public void InvalidUtf8IsAProtocolErrorWithItsOffset(string name, byte[] payload, int offset)
    {
        foreach (var segmentSize in new[] { payload.Length, 1, 3 })
        {
            var input = Framing.SegmentedSequence.Create([.. payload, 0x1E], segmentSize);
            var binder = new MessageBinder();
            binder.Methods["Send"] = [typeof(string)];
            var error = Assert.Throws<HubProtocolException>(() => Protocol.TryParseMessage(ref input, binder, null, out _));
            Assert.Equal($"The message is not valid UTF-8 (invalid byte sequence at offset {offset}).", error.Message);
            Assert.False(string.IsNullOrEmpty(name));
        }
    }

    [Fact]
    public void MultiByteCharactersSplitAcrossSegmentsAreValid()
    {
        var json = """{"type":1,"target":"Send","arguments":["é€😀 ü"]}""";
        var binder = new MessageBinder();
        binder.Methods["Send"] = [typeof(string)];
        foreach (var segmentSize in new[] { 1, 2, 3, 5 })
        {
            var input = Framing.SegmentedSequence.Create(Encoding.UTF8.GetBytes(json + "\u001e"), segmentSize);
            Assert.True(Protocol.TryParseMessage(ref input, binder, null, out var message));
            Assert.Equal("é€😀 ü", Assert.IsType<InvocationMessage>(message).Arguments[0]);
        }
    }

    [Fact]
    public void NestingDeeperThanTheDefaultLimitIsAProtocolError()
    {
        var binder = new MessageBinder();
        binder.Methods["Any"] = [typeof(object)];
        var ok = new string('[', 61) + new string(']', 61);
        var tooDeep = new string('[', 63) + new string(']', 63);

        var input = Record("""{"type":1,"target":"Any","arguments":[""" + ok + "]}");
        Assert.True(Protocol.TryParseMessage(ref input, binder, null, out var message));
        Assert.IsType<InvocationMessage>(message);

        input = Record("""{"type":1,"target":"Any","arguments":[""" + tooDeep + "]}");
        var error = Assert.Throws<HubProtocolException>(() => Protocol.TryParseMessage(ref input, binder, null, out _));
        Assert.StartsWith("The message is not valid JSON: The maximum configured depth of 64 has been exceeded.", error.Message);
    }

    [Fact]
    public void NestingLimitIsConfigurable()
    {
        var options = new JsonHubProtocolOptions();
        options.PayloadSerializerOptions.MaxDepth = 4;
        var protocol = new JsonHubProtocol(options);
        var binder = new MessageBinder();
        binder.Methods["Any"] = [typeof(object)];

        var input = Record("""{"type":1,"target":"Any","arguments":[[[1]]]}""");
        Assert.True(protocol.TryParseMessage(ref input, binder, null, out _));

        // Also when the arguments are skipped first and bound later, and in ignored properties.
        foreach (var json in new[]
        {
            """{"type":1,"target":"Any","arguments":[[[[1]]]]}""",
            """{"arguments":[[[[1]]]],"type":1,"target":"Any"}""",
            """{"type":6,"ignored":[[[[1]]]]}""",
        })
        {
            input = Record(json);
            var error = Assert.Throws<HubProtocolException>(() => protocol.TryParseMessage(ref input, binder, null, out _));
            Assert.StartsWith("The message is not valid JSON: The maximum configured depth of 4 has been exceeded.", error.Message);
        }
    }

    [Theory]
    [InlineData(0)]
    [InlineData(10)]
    [InlineData(99)]
    [InlineData(-1)]
    public void UnknownMessageTypesAreSkipped(int type)
    {
        var input = Record($$"""{"type":{{type}},"future":[1,2]}""", """{"type":6}""");
        Assert.True(Protocol.TryParseMessage(ref input, new MessageBinder(), null, out var message));
        Assert.Same(PingMessage.Instance, message);
        Assert.True(input.IsEmpty);
    }

    [Fact]
    public void OnlyUnknownMessagesBufferedAreConsumedAndReportNoMessage()
    {
        var input = Record("""{"type":42}""", """{"type":43}""");
        Assert.False(Protocol.TryParseMessage(ref input, new MessageBinder(), null, out var message));
        Assert.Null(message);
        Assert.True(input.IsEmpty);
    }

    [Fact]
    public void WritingABindingFailureIsRejected()
    {
        var failure = new InvocationBindingFailureMessage("1", "X", System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(new InvalidOperationException()));
        Assert.Throws<ArgumentException>(() => Protocol.WriteMessage(failure, new ArrayBufferWriter<byte>()));
    }

    [Fact]
    public void RandomBytesOnlyEverRaiseProtocolErrors()
    {
        // Fixed seed, bounded count: mutations of valid records plus pure noise.
        var random = new Random(20240601);
        var binder = new MessageBinder();
        binder.Methods["Send"] = [typeof(int), typeof(string)];
        binder.Methods["Update"] = [typeof(object), typeof(bool), typeof(double), typeof(Color), typeof(Person), typeof(List<int>)];
        binder.StreamItemTypes["123"] = typeof(int);
        binder.ReturnTypes["123"] = typeof(int);
        var seeds = JsonHubProtocolVectors.Canonical.Select(v => Encoding.UTF8.GetBytes(v.Json)).ToArray();
        var parsed = 0;
        var rejected = 0;

        for (var i = 0; i < 50_000; i++)
        {
            byte[] record;
            if (i % 4 == 0)
            {
                record = new byte[random.Next(0, 64)];
                random.NextBytes(record);
            }
            else
            {
                record = (byte[])seeds[random.Next(seeds.Length)].Clone();
                for (var flips = random.Next(1, 4); flips > 0 && record.Length > 0; flips--)
                {
                    record[random.Next(record.Length)] = (byte)random.Next(256);
                }
            }

            var input = new ReadOnlySequence<byte>([.. record, 0x1E]);
            try
            {
                var guard = 0;
                while (Protocol.TryParseMessage(ref input, binder, 4096, out _))
                {
                    parsed++;
                    Assert.True(++guard < 100, "parsing did not make progress");
                }
            }
            catch (HubProtocolException)
            {
                rejected++;
            }
        }

        Assert.True(parsed > 0 && rejected > 0, $"parsed {parsed}, rejected {rejected}");
    }

    private static ReadOnlySequence<byte> Record(params string[] json) =>
        new(Encoding.UTF8.GetBytes(string.Concat(json.Select(j => j + "\u001e"))));

    private static byte[] Bytes(string before, byte[] middle, string after) =>
        [.. Encoding.UTF8.GetBytes(before), .. middle, .. Encoding.UTF8.GetBytes(after)];
}
