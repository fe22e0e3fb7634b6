using System.Text.Json;

namespace HubFramework.Protocol.MessagePack;

/// <summary><see cref="JsonElement"/> targets: any MessagePack value, transcoded to JSON (see <see cref="MessagePackJsonTranscoder"/>).</summary>
internal sealed class JsonElementConverter : MessagePackConverter<JsonElement>
{
    protected override void Write(ref MessagePackWriter writer, JsonElement value) => MessagePackJsonTranscoder.WriteElement(ref writer, value);

    protected override JsonElement Read(ref MessagePackReader reader)
    {
        var buffer = JsonTranscodingBuffer.Rent();
        try
        {
            MessagePackJsonTranscoder.WriteJson(ref reader, buffer.Writer);
            buffer.Flush();
            var json = new Utf8JsonReader(buffer.WrittenSpan, new JsonReaderOptions { MaxDepth = MessagePackReader.MaximumDepthLimit + 1 });
            return JsonElement.ParseValue(ref json);
        }
        finally
        {
            buffer.Return();
        }
    }
}
