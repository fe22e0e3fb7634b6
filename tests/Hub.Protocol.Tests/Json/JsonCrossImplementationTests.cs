using System.Buffers;
using System.Text;
using System.Text.Json;
using HubFramework.Protocol.Json;

namespace HubFramework.Protocol.Tests.Json;

/// <summary>
/// Both directions against the official @microsoft/signalr JsonHubProtocol: its output (written by
/// tests/ProtocolVectors/json-vectors.mjs before the .NET tests) is parsed here; our output is written to
/// out/dotnet-json.json for json-roundtrip.test.mjs, which runs after the .NET tests.
/// </summary>
public class JsonCrossImplementationTests
{
    private static readonly JsonHubProtocol Protocol = new();

    public static TheoryData<string> CaseNames => new(JsonCrossImplementationCases.Messages.Keys);

    [Fact]
    public void OfficialClientWroteEveryCase()
    {
        var names = LoadJavaScriptVectors().Select(v => v.Name).Order(StringComparer.Ordinal);
        Assert.Equal(JsonCrossImplementationCases.Messages.Keys.Order(StringComparer.Ordinal), names);
    }

    [Theory]
    [MemberData(nameof(CaseNames))]
    public void ParsesWhatTheOfficialClientWrote(string name)
    {
        var expected = JsonCrossImplementationCases.Messages[name];
        var vector = LoadJavaScriptVectors().SingleOrDefault(v => v.Name == name);
        Assert.True(vector.Text is not null, $"js-json.json has no vector named '{name}'.");

        var input = new ReadOnlySequence<byte>(Encoding.UTF8.GetBytes(vector.Text));
        Assert.True(Protocol.TryParseMessage(ref input, MessageBinder.For(expected), null, out var message));
        Assert.True(input.IsEmpty);
        HubMessageAssert.Equal(expected, message);
    }

    [Fact]
    public void WritesEveryCaseForTheOfficialClient()
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            json.WriteStartObject();
            json.WriteString("protocol", Protocol.Name);
            json.WriteNumber("version", Protocol.Version);
            json.WriteStartArray("vectors");
            foreach (var (name, message) in JsonCrossImplementationCases.Messages)
            {
                var text = Encoding.UTF8.GetString(Protocol.GetMessageBytes(message).Span);
                Assert.EndsWith("\u001e", text);
                json.WriteStartObject();
                json.WriteString("name", name);
                json.WriteString("text", text);
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteEndObject();
        }

        // Write to a temporary file and move it, so a reader never sees half a file.
        Directory.CreateDirectory(RepositoryPaths.ProtocolVectorsOut);
        var path = Path.Combine(RepositoryPaths.ProtocolVectorsOut, "dotnet-json.json");
        var temporary = path + "." + Guid.NewGuid().ToString("N") + ".tmp";
        File.WriteAllBytes(temporary, buffer.ToArray());
        File.Move(temporary, path, overwrite: true);
        Assert.True(new FileInfo(path).Length > 0);
    }

    private static List<(string Name, string Text)> LoadJavaScriptVectors()
    {
        var path = Path.Combine(RepositoryPaths.ProtocolVectorsOut, "js-json.json");
        Assert.True(File.Exists(path),
            $"{path} is missing. Generate it with `npm run before-dotnet` in tests/ProtocolVectors (./test.sh does this before the .NET tests).");
        using var document = JsonDocument.Parse(File.ReadAllBytes(path));
        return document.RootElement.GetProperty("vectors").EnumerateArray()
            .Select(v => (v.GetProperty("name").GetString()!, v.GetProperty("text").GetString()!))
            .ToList();
    }
}
