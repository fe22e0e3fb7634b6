using System.Buffers;
using System.Text;
using HubFramework.Protocol.Json;

namespace HubFramework.Protocol.Tests.Json;

public class JsonHubProtocolGoldenTests
{
    private const char RecordSeparator = '\u001e';
    private static readonly JsonHubProtocol Protocol = new();

    public static TheoryData<string> CanonicalNames => new(JsonHubProtocolVectors.Canonical.Select(v => v.Name));

    public static TheoryData<string> ParseOnlyNames => new(JsonHubProtocolVectors.ParseOnly.Select(v => v.Name));

    public static TheoryData<string> InvalidNames => new(JsonHubProtocolVectors.Invalid.Select(v => v.Name));

    [Theory]
    [MemberData(nameof(CanonicalNames))]
    public void WritesExactText(string name)
    {
        var (_, message, json) = JsonHubProtocolVectors.Canonical.Single(v => v.Name == name);
        var output = new ArrayBufferWriter<byte>();

        Protocol.WriteMessage(message, output);

        Assert.Equal(json + RecordSeparator, Encoding.UTF8.GetString(output.WrittenSpan));
        Assert.Equal(output.WrittenSpan.ToArray(), Protocol.GetMessageBytes(message).ToArray());
    }

    [Theory]
    [MemberData(nameof(CanonicalNames))]
    public void ParsesExactText(string name)
    {
        var (_, message, json) = JsonHubProtocolVectors.Canonical.Single(v => v.Name == name);
        HubMessageAssert.Equal(message, ParseSingle(json + RecordSeparator, MessageBinder.For(message)));
    }

    [Theory]
    [MemberData(nameof(CanonicalNames))]
    public void ParsesAcrossOneByteSegments(string name)
    {
        var (_, message, json) = JsonHubProtocolVectors.Canonical.Single(v => v.Name == name);
        var input = Framing.SegmentedSequence.Create(Encoding.UTF8.GetBytes(json + RecordSeparator), segmentSize: 1);

        Assert.True(Protocol.TryParseMessage(ref input, MessageBinder.For(message), null, out var parsed));
        Assert.True(input.IsEmpty);
        HubMessageAssert.Equal(message, parsed);
    }

    [Theory]
    [MemberData(nameof(ParseOnlyNames))]
    public void ParsesOtherSpellings(string name)
    {
        var (_, json, expected) = JsonHubProtocolVectors.ParseOnly.Single(v => v.Name == name);
        HubMessageAssert.Equal(expected, ParseSingle(json + RecordSeparator, MessageBinder.For(expected)));

        // Values bound after the rest of the object was read are re-read from a saved reader position,
        // which must also hold when the record is spread over many segments.
        var input = Framing.SegmentedSequence.Create(Encoding.UTF8.GetBytes(json + RecordSeparator), segmentSize: 2);
        Assert.True(Protocol.TryParseMessage(ref input, MessageBinder.For(expected), null, out var parsed));
        HubMessageAssert.Equal(expected, parsed);
    }

    [Theory]
    [MemberData(nameof(InvalidNames))]
    public void RejectsInvalidRecordWithExactError(string name)
    {
        var (_, json, error) = JsonHubProtocolVectors.Invalid.Single(v => v.Name == name);
        var binder = new MessageBinder();
        binder.Methods["Send"] = [typeof(int), typeof(string)];
        binder.StreamItemTypes["a"] = typeof(int);
        binder.ReturnTypes["1"] = typeof(int);

        var exception = Assert.Throws<HubProtocolException>(() => ParseSingle(json + RecordSeparator, binder));
        Assert.Equal(error, exception.Message);
    }

    [Fact]
    public void ParsesSeveralRecordsFromOneBuffer()
    {
        var text = string.Concat(JsonHubProtocolVectors.Canonical.Select(v => v.Json + RecordSeparator));
        var input = new ReadOnlySequence<byte>(Encoding.UTF8.GetBytes(text));

        foreach (var (_, message, _) in JsonHubProtocolVectors.Canonical)
        {
            Assert.True(Protocol.TryParseMessage(ref input, MessageBinder.For(message), null, out var parsed));
            HubMessageAssert.Equal(message, parsed);
        }

        Assert.False(Protocol.TryParseMessage(ref input, new MessageBinder(), null, out _));
        Assert.True(input.IsEmpty);
    }

    [Fact]
    public void DescribesItself()
    {
        Assert.Equal("json", Protocol.Name);
        Assert.Equal(2, Protocol.Version);
        Assert.Equal(TransferFormat.Text, Protocol.TransferFormat);
        Assert.True(Protocol.IsVersionSupported(1));
        Assert.True(Protocol.IsVersionSupported(2)); // what @microsoft/signalr sends
        Assert.False(Protocol.IsVersionSupported(0));
        Assert.False(Protocol.IsVersionSupported(3));
    }

    internal static HubMessage? ParseSingle(string text, IInvocationBinder binder)
    {
        var input = new ReadOnlySequence<byte>(Encoding.UTF8.GetBytes(text));
        Assert.True(Protocol.TryParseMessage(ref input, binder, null, out var message));
        Assert.True(input.IsEmpty);
        return message;
    }
}
