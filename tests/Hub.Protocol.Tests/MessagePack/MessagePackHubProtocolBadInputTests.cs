using System.Buffers;
using HubFramework.Protocol;
using HubFramework.Protocol.MessagePack;
using MessagePack;

namespace HubFramework.Protocol.Tests.MessagePack;

/// <summary>
/// Broken and hostile input to the hub protocol: incomplete frames wait, broken ones throw a HubProtocolException
/// naming the problem, and arguments that do not fit become binding failures instead of errors of the connection.
/// </summary>
public class MessagePackHubProtocolBadInputTests
{
    private static readonly MessagePackHubProtocol Protocol = new();

    [Theory]
    [MemberData(nameof(MessagePackGoldenVectors.Names), MemberType = typeof(MessagePackGoldenVectors))]
    public void EveryPrefixOfAFrameIsIncomplete(string name)
    {
        var (message, frame) = MessagePackGoldenVectors.All[name];
        var bytes = Convert.FromBase64String(frame);
        var binder = TestBinder.For(message);
        for (int length = 0; length < bytes.Length; length++)
        {
            var input = Segments.Split(bytes.AsMemory(0, length), 2);
            Assert.False(Protocol.TryParseMessage(ref input, binder, null, out var parsed));
            Assert.Null(parsed);
            Assert.Equal(length, input.Length);
        }
    }

    [Fact]
    public void AnOversizeLengthPrefixIsRejectedBeforeItsBodyArrives()
    {
        var input = new ReadOnlySequence<byte>(Hex.Bytes("e807"));
        var error = Assert.Throws<HubProtocolException>(() => Protocol.TryParseMessage(ref input, new TestBinder(), 999, out _));
        Assert.Equal("The maximum message size of 999B was exceeded.", error.Message);

        var ping = new ReadOnlySequence<byte>(Hex.Bytes("029106"));
        Assert.True(Protocol.TryParseMessage(ref ping, new TestBinder(), 2, out var message));
        Assert.Same(PingMessage.Instance, message);
    }

    [Theory]
    [InlineData("808080808001", "longer than 5 bytes")]
    [InlineData("ffffffff0f", "2 GB or more")]
    [InlineData("ffffffff7f", "2 GB or more")]
    [InlineData("00", "empty")]
    public void BrokenLengthPrefixesAreRejected(string hex, string problem)
    {
        var input = new ReadOnlySequence<byte>(Hex.Bytes(hex));
        var error = Assert.Throws<HubProtocolException>(() => Protocol.TryParseMessage(ref input, new TestBinder(), null, out _));
        Assert.Contains(problem, error.Message);
    }

    public static TheoryData<string, string> StructuralErrors => new()
    {
        { "a161", "must be an array, not String" },
        { "90", "empty array" },
        { "91a131", "message type (element 0) must be an integer" },
        { "930180c0", "Invocation message needs at least 5 elements but has 3" },
        { "960180c0c0909", "" },
        { "960180c0c09090", "target (element 3) of an Invocation message must be a non-empty string" },
        { "960180c0a0909090", "target (element 3) of an Invocation message must be a non-empty string" },
        { "960180c001909090", "target (element 3) of an Invocation message must be a string or nil, not Integer" },
        { "960180c0a16d0190", "arguments (element 4) of an Invocation message must be an array" },
        { "960101c0a16d9090", "headers (element 1) of an Invocation message must be a map" },
        { "960181a16101c0a16d9090", "header value of an Invocation message must be a string or nil" },
        { "960181a161c0c0a16d9090", "header 'a' of an Invocation message has a nil value" },
        { "960180c0a16d91a161" + "9101", "stream id of an Invocation message must be a string or nil" },
        { "960480c0a16d9090", "StreamInvocation message needs an invocation id" },
        { "940280c001", "invocation id (element 2) of a StreamItem message must be a non-empty string" },
        { "950380a16907c0", "result kind (element 3) of a Completion message is 7" },
        { "940380a16901", "Completion with an error message needs at least 5 elements but has 4" },
        { "950380a169a1c0", "result kind (element 3) of a Completion message must be an integer" },
        { "930580c0", "invocation id (element 2) of a CancelInvocation message must be a non-empty string" },
        { "920701", "error (element 1) of a Close message must be a string or nil" },
        { "9307c001", "AllowReconnect (element 2) of a Close message must be a boolean" },
        { "9208a131", "sequence id (element 1) of an Ack message must be an integer" },
        { "9106c0", "1 unexpected bytes follow the message array" },
        { "960180c0a16d93a161", "ends (or announces more than it holds)" },
        { "960180a2c328a16d9090", "invocation id (element 2) of an Invocation message is not valid UTF-8" },
        { "960180c0a2c328909090", "target (element 3) of an Invocation message is not valid UTF-8" },
        { "960181a2c328a161c0a16d9090", "header name of an Invocation message is not valid UTF-8" },
        { "91c1", "message type (element 0) must be an integer; the byte 0xC1 at offset 1 is not valid MessagePack" },
        { "96c1", "it ends (or announces more than it holds)" },
    };

    [Theory]
    [MemberData(nameof(StructuralErrors))]
    public void StructuralErrorsNameTheProblem(string payloadHex, string problem)
    {
        if (problem.Length == 0)
        {
            // An odd-length hex string: a deliberately malformed table entry must not silently pass.
            Assert.Throws<FormatException>(() => Hex.Bytes(payloadHex));
            return;
        }

        var payload = Hex.Bytes(payloadHex);
        var input = new ReadOnlySequence<byte>([(byte)payload.Length, .. payload]);
        var binder = new TestBinder().Method("m", typeof(string)).StreamItem("i", typeof(object)).Returns("i", typeof(object));
        var error = Assert.ThrowsAny<HubProtocolException>(() => Protocol.TryParseMessage(ref input, binder, null, out _));
        Assert.Contains(problem, error.Message);
    }

    [Fact]
    public void NestingDeeperThanTheLimitIsAProtocolErrorAndTheLimitIsConfigurable()
    {
        // [1, {}, nil, "m", [ [[[…]]] ], []]: the argument nests 600 arrays deep, past UntrustedData's 500.
        byte[] payload = [.. Hex.Bytes("960180c0a16d91"), .. Enumerable.Repeat((byte)0x91, 599), 0x90, 0x90];
        var frame = new ReadOnlySequence<byte>([.. Prefix(payload.Length), .. payload]);
        var binder = new TestBinder().Method("m", typeof(object));

        var input = frame;
        var error = Assert.ThrowsAny<HubProtocolException>(() => Protocol.TryParseMessage(ref input, binder, null, out _));
        Assert.Contains("nested deeper than the limit", error.Message);
        Assert.Contains("500", error.Message);

        var strict = new MessagePackHubProtocol(new MessagePackHubProtocolOptions
        {
            SerializerOptions = MessagePackHubProtocol.CreateDefaultSerializerOptions().WithSecurity(MessagePackSecurity.UntrustedData.WithMaximumObjectGraphDepth(16)),
        });
        input = Frames(new InvocationMessage("m", [new object[] { new object[] { new object[] { 1 } } }]));
        Assert.True(strict.TryParseMessage(ref input, binder, null, out var shallow));
        Assert.IsType<InvocationMessage>(shallow);
        byte[] deeper = [.. Hex.Bytes("960180c0a16d91"), .. Enumerable.Repeat((byte)0x91, 24), 0x90, 0x90];
        input = new ReadOnlySequence<byte>([(byte)deeper.Length, .. deeper]);
        error = Assert.ThrowsAny<HubProtocolException>(() => strict.TryParseMessage(ref input, binder, null, out _));
        Assert.Contains("16", error.Message);

        var tolerant = new MessagePackHubProtocol(new MessagePackHubProtocolOptions
        {
            SerializerOptions = MessagePackHubProtocol.CreateDefaultSerializerOptions().WithSecurity(MessagePackSecurity.UntrustedData.WithMaximumObjectGraphDepth(1000)),
        });
        input = frame;
        Assert.True(tolerant.TryParseMessage(ref input, binder, null, out var message));
        Assert.IsType<InvocationMessage>(message);
    }

    [Fact]
    public void OptionsWithoutSerializerOptionsAreRefused()
    {
        var error = Assert.Throws<ArgumentException>(() => new MessagePackHubProtocol(new MessagePackHubProtocolOptions { SerializerOptions = null! }));
        Assert.Contains("SerializerOptions", error.Message);
    }

    [Fact]
    public void InvalidUtf8InsideAStringValueIsReplacedAsMicrosoftsProtocolDoes()
    {
        // [1, {}, nil, "m", ["\xc3\x28"], []]: the envelope is valid; the package decodes the value with U+FFFD.
        byte[] payload = Hex.Bytes("960180c0a16d91a2c32890");
        var input = new ReadOnlySequence<byte>([(byte)payload.Length, .. payload]);
        Assert.True(Protocol.TryParseMessage(ref input, new TestBinder().Method("m", typeof(string)), null, out var message));
        Assert.Equal("\uFFFD(", Assert.IsType<InvocationMessage>(message).Arguments[0]);

        var microsoft = new Microsoft.AspNetCore.SignalR.Protocol.MessagePackHubProtocol();
        input = new ReadOnlySequence<byte>([(byte)payload.Length, .. payload]);
        Assert.True(microsoft.TryParseMessage(ref input, new Oracle.MicrosoftBinder(new TestBinder().Method("m", typeof(string))), out var theirs));
        Assert.Equal("\uFFFD(", Assert.IsType<Microsoft.AspNetCore.SignalR.Protocol.InvocationMessage>(theirs).Arguments[0]);
    }

    [Fact]
    public void DeepNestingInSkippedElementsIsAlsoLimited()
    {
        // A Ping with an extra element 30,000 arrays deep (a later version's field): skipped with the depth limit, not recursion.
        byte[] payload = [0x92, 0x06, .. Enumerable.Repeat((byte)0x91, 30_000), 0x90];
        var input = new ReadOnlySequence<byte>([.. Prefix(payload.Length), .. payload]);
        var error = Assert.ThrowsAny<HubProtocolException>(() => Protocol.TryParseMessage(ref input, new TestBinder(), null, out _));
        Assert.Contains("nested deeper than the limit of 500", error.Message);
    }

    [Fact]
    public void TruncatedValuesInsideAFrameAreProtocolErrors()
    {
        // [1, {}, nil, "m", ["abc…"]] where the string announces 10 bytes and the frame holds 2.
        byte[] payload = Hex.Bytes("950180c0a16d91aa6162");
        var input = new ReadOnlySequence<byte>([(byte)payload.Length, .. payload]);
        var error = Assert.ThrowsAny<HubProtocolException>(() => Protocol.TryParseMessage(ref input, new TestBinder().Method("m", typeof(string)), null, out _));
        Assert.Contains("truncated", error.Message);
    }

    private static byte[] Prefix(int length)
    {
        var prefix = new byte[5];
        return prefix[..BinaryMessageFramer.WriteLengthPrefix(length, prefix)];
    }

    [Fact]
    public void UnknownMessageTypesAreSkipped()
    {
        // [99, "future"], [18446744073709551615], then a Ping.
        var input = Segments.Split(Hex.Bytes("0992 63 a6 667574757265" + "0a91cfffffffffffffffff" + "029106"), 3);
        Assert.True(Protocol.TryParseMessage(ref input, new TestBinder(), null, out var message));
        Assert.Same(PingMessage.Instance, message);
        Assert.True(input.IsEmpty);

        var onlyUnknown = new ReadOnlySequence<byte>(Hex.Bytes("029163"));
        Assert.False(Protocol.TryParseMessage(ref onlyUnknown, new TestBinder(), null, out message));
        Assert.Null(message);
        Assert.True(onlyUnknown.IsEmpty);
    }

    [Fact]
    public void WrongArgumentCountsBecomeBindingFailures()
    {
        var binder = new TestBinder().Method("Add", typeof(int), typeof(int));
        var input = Frames(new InvocationMessage("1", "Add", [1]), PingMessage.Instance);
        Assert.True(Protocol.TryParseMessage(ref input, binder, null, out var message));
        var failure = Assert.IsType<InvocationBindingFailureMessage>(message);
        Assert.Equal("1", failure.InvocationId);
        Assert.Equal("Add", failure.Target);
        Assert.Equal("Invocation provides 1 argument(s) but target expects 2.", failure.BindingFailure.SourceException.Message);

        Assert.True(Protocol.TryParseMessage(ref input, binder, null, out message));
        Assert.Same(PingMessage.Instance, message);
    }

    [Fact]
    public void WrongArgumentTypesBecomeBindingFailures()
    {
        var binder = new TestBinder().Method("Add", typeof(int), typeof(int)).Method("Echo", typeof(EchoPayload));
        var input = Frames(
            new InvocationMessage("1", "Add", [1, "two"]),
            new StreamInvocationMessage("2", "Echo", [new Dictionary<string, object> { ["name"] = 5 }]),
            new InvocationMessage("3", "Add", [1, 3_000_000_000L]),
            new InvocationMessage("4", "Add", [1, 2]));

        foreach (string id in new[] { "1", "2", "3" })
        {
            Assert.True(Protocol.TryParseMessage(ref input, binder, null, out var message));
            var failure = Assert.IsType<InvocationBindingFailureMessage>(message);
            Assert.Equal(id, failure.InvocationId);
            Assert.StartsWith("Error binding arguments. Make sure that the types of the provided values match the types of the hub method being invoked.", failure.BindingFailure.SourceException.Message);
        }

        Assert.True(Protocol.TryParseMessage(ref input, binder, null, out var valid));
        Assert.Equal([1, 2], Assert.IsType<InvocationMessage>(valid).Arguments);
    }

    [Fact]
    public void UnknownMethodsBecomeBindingFailuresCarryingTheBindersError()
    {
        var input = Frames(new InvocationMessage("Missing", ["x"]));
        Assert.True(Protocol.TryParseMessage(ref input, new TestBinder(), null, out var message));
        var failure = Assert.IsType<InvocationBindingFailureMessage>(message);
        Assert.Null(failure.InvocationId);
        Assert.Equal("Method 'Missing' does not exist.", failure.BindingFailure.SourceException.Message);
    }

    [Fact]
    public void StreamItemsThatDoNotBindBecomeStreamBindingFailures()
    {
        var binder = new TestBinder().StreamItem("s", typeof(int));
        var input = Frames(new StreamItemMessage("s", "text"), new StreamItemMessage("unknown", 1));
        Assert.True(Protocol.TryParseMessage(ref input, binder, null, out var message));
        Assert.Equal("s", Assert.IsType<StreamBindingFailureMessage>(message).Id);
        Assert.True(Protocol.TryParseMessage(ref input, binder, null, out message));
        var unknown = Assert.IsType<StreamBindingFailureMessage>(message);
        Assert.Equal("No stream 'unknown' is open.", unknown.BindingFailure.SourceException.Message);
    }

    [Fact]
    public void ResultsThatDoNotBindBecomeErrorCompletionsAndUnknownOnesAreSkipped()
    {
        var binder = new TestBinder().Returns("1", typeof(int));
        var input = Frames(CompletionMessage.WithResult("1", "text"), CompletionMessage.WithResult("unknown", new[] { 1, 2 }));
        Assert.True(Protocol.TryParseMessage(ref input, binder, null, out var message));
        var completion = Assert.IsType<CompletionMessage>(message);
        Assert.False(completion.HasResult);
        Assert.StartsWith("Error trying to deserialize result to Int32.", completion.Error);

        Assert.True(Protocol.TryParseMessage(ref input, binder, null, out message));
        completion = Assert.IsType<CompletionMessage>(message);
        Assert.True(completion.HasResult);
        Assert.Null(completion.Result);
        Assert.Null(completion.Error);
    }

    [Fact]
    public void MessagesThatAreNotOnTheWireCannotBeWritten()
    {
        var failure = new InvocationBindingFailureMessage("1", "m", System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(new Exception()));
        Assert.Throws<ArgumentException>(() => Protocol.GetMessageBytes(failure));
    }

    [Fact]
    public void AFailedWriteLeavesTheOutputUntouched()
    {
        var output = new ArrayBufferWriter<byte>();
        Assert.Throws<MessagePackSerializationException>(() => Protocol.WriteMessage(new InvocationMessage("m", [new ThrowingGetter()]), output));
        Assert.Equal(0, output.WrittenCount);
        Protocol.WriteMessage(PingMessage.Instance, output);
        Assert.Equal("029106", Hex.Of(output.WrittenSpan));
    }

    public sealed class ThrowingGetter
    {
        public int Value
        {
            get => throw new InvalidOperationException("no value");
            set { }
        }
    }

    private static ReadOnlySequence<byte> Frames(params HubMessage[] messages) =>
        new(messages.SelectMany(m => Protocol.GetMessageBytes(m).ToArray()).ToArray());
}
