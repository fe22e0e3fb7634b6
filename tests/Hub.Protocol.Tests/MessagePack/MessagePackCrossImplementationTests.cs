using System.Buffers;
using System.Text.Json;
using HubFramework.Protocol;
using HubFramework.Protocol.MessagePack;
using MessagePack;

namespace HubFramework.Protocol.Tests.MessagePack;

/// <summary>
/// Both directions against the official JavaScript libraries: what @msgpack/msgpack and
/// @microsoft/signalr-protocol-msgpack wrote (tests/ProtocolVectors/msgpack-vectors.mjs, run before the .NET tests)
/// is decoded and compared here; what we write goes to out/dotnet-msgpack.json for msgpack-roundtrip.test.mjs.
/// </summary>
public class MessagePackCrossImplementationTests
{
    private static readonly MessagePackHubProtocol Protocol = new();
    private static readonly Lazy<JavaScriptVectors> Vectors = new(Load);

    public static TheoryData<string> ValueNames => new(MessagePackCrossImplementationCases.Values.Keys);

    public static TheoryData<string> MessageNames => new(MessagePackCrossImplementationCases.Messages.Keys);

    [Fact]
    public void TheOfficialLibrariesWroteEveryCase()
    {
        var vectors = Vectors.Value;
        Assert.Equal("messagepack", vectors.Protocol);
        Assert.Equal(Protocol.Version, vectors.Version);
        Assert.Equal(MessagePackCrossImplementationCases.Values.Keys.Order(StringComparer.Ordinal), vectors.Values.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(MessagePackCrossImplementationCases.Messages.Keys.Order(StringComparer.Ordinal), vectors.Messages.Keys.Order(StringComparer.Ordinal));
    }

    [Theory]
    [MemberData(nameof(ValueNames))]
    public void DecodesValuesTheOfficialEncoderWrote(string name)
    {
        var (type, expected) = MessagePackCrossImplementationCases.Values[name];
        byte[] theirs = Vectors.Value.Values[name];
        var sequence = Segments.Split(theirs, 1000);
        if (expected is ExtensionResult extension)
        {
            // Application extensions are the reader's business (no formatter maps them to a type by default).
            var reader = new MessagePackReader(sequence);
            var read = reader.ReadExtensionFormat();
            Assert.Equal(extension.TypeCode, read.TypeCode);
            Assert.Equal(extension.Data.ToArray(), read.Data.ToArray());
        }
        else
        {
            DeepEqual.Values(expected, MessagePackSerializer.Deserialize(type, sequence, Protocol.SerializerOptions));
        }

        if (MessagePackCrossImplementationCases.SameValueBytes(name))
        {
            Assert.Equal(Hex.Of(theirs), Hex.Of(Write(expected)));
        }
    }

    [Theory]
    [MemberData(nameof(MessageNames))]
    public void ParsesMessagesTheOfficialProtocolWrote(string name)
    {
        var expected = MessagePackCrossImplementationCases.Messages[name];
        byte[] theirs = Vectors.Value.Messages[name];
        var input = new ReadOnlySequence<byte>(theirs);
        Assert.True(Protocol.TryParseMessage(ref input, TestBinder.For(expected), null, out var parsed));
        Assert.True(input.IsEmpty);
        DeepEqual.Messages(expected, parsed);
        if (MessagePackCrossImplementationCases.SameBytes(name))
        {
            Assert.Equal(Hex.Of(theirs), Hex.Of(Protocol.GetMessageBytes(expected).Span));
        }
    }

    [Fact]
    public void WritesEveryCaseForTheOfficialLibraries()
    {
        Directory.CreateDirectory(VectorFiles.Out);
        string path = Path.Combine(VectorFiles.Out, "dotnet-msgpack.json");
        using (var file = File.Create(path))
        using (var json = new Utf8JsonWriter(file))
        {
            json.WriteStartObject();
            json.WriteString("protocol", Protocol.Name);
            json.WriteNumber("version", Protocol.Version);
            json.WriteStartArray("values");
            foreach (var (name, (_, value)) in MessagePackCrossImplementationCases.Values)
            {
                WriteVector(json, name, Write(value));
            }

            json.WriteEndArray();
            json.WriteStartArray("messages");
            foreach (var (name, message) in MessagePackCrossImplementationCases.Messages)
            {
                WriteVector(json, name, Protocol.GetMessageBytes(message).Span);
            }

            json.WriteEndArray();
            json.WriteEndObject();
        }

        using var written = JsonDocument.Parse(File.ReadAllText(path));
        Assert.Equal(MessagePackCrossImplementationCases.Values.Count, written.RootElement.GetProperty("values").GetArrayLength());
        Assert.Equal(MessagePackCrossImplementationCases.Messages.Count, written.RootElement.GetProperty("messages").GetArrayLength());
    }

    private static byte[] Write(object? value)
    {
        if (value is not ExtensionResult extension)
        {
            return MessagePackSerializer.Serialize(value?.GetType() ?? typeof(object), value, Protocol.SerializerOptions);
        }

        var buffer = new ArrayBufferWriter<byte>();
        var writer = new MessagePackWriter(buffer);
        writer.WriteExtensionFormat(extension);
        writer.Flush();
        return buffer.WrittenSpan.ToArray();
    }

    private static void WriteVector(Utf8JsonWriter json, string name, ReadOnlySpan<byte> bytes)
    {
        json.WriteStartObject();
        json.WriteString("name", name);
        json.WriteBase64String("base64", bytes);
        json.WriteEndObject();
    }

    private static JavaScriptVectors Load()
    {
        string path = Path.Combine(VectorFiles.Out, "js-msgpack.json");
        string text = VectorFiles.ReadRequired(path, "run `npm run before-dotnet` in tests/ProtocolVectors (./test.sh does) to write the JavaScript vectors.");
        using var document = JsonDocument.Parse(text);
        var root = document.RootElement;
        Dictionary<string, byte[]> Read(string property) =>
            root.GetProperty(property).EnumerateArray().ToDictionary(v => v.GetProperty("name").GetString()!, v => v.GetProperty("base64").GetBytesFromBase64());
        return new JavaScriptVectors(root.GetProperty("protocol").GetString()!, root.GetProperty("version").GetInt32(), Read("values"), Read("messages"));
    }

    private sealed record JavaScriptVectors(string Protocol, int Version, Dictionary<string, byte[]> Values, Dictionary<string, byte[]> Messages);
}
