using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace HubFramework.Protocol.MessagePack;

/// <summary>
/// Types that System.Text.Json handles with a converter of its own (custom converters, polymorphic hierarchies,
/// JsonNode, TimeSpan, Uri, immutable collections…): the value goes through its JSON form, so it keeps exactly
/// the shape the JSON protocol gives it. Slower than the native converters; used only where they cannot be.
/// </summary>
internal sealed class JsonTranscodingConverter<T> : MessagePackConverter<T>
{
    private readonly JsonTypeInfo<T> _typeInfo;

    public JsonTranscodingConverter(JsonTypeInfo<T> typeInfo)
    {
        _typeInfo = typeInfo;
    }

    protected override void Write(ref MessagePackWriter writer, T value)
    {
        var buffer = JsonTranscodingBuffer.Rent();
        try
        {
            JsonSerializer.Serialize(buffer.Writer, value, _typeInfo);
            buffer.Flush();
            var json = new Utf8JsonReader(buffer.WrittenSpan, new JsonReaderOptions { MaxDepth = writer.MaximumDepth + 1 });
            var element = JsonElement.ParseValue(ref json);
            MessagePackJsonTranscoder.WriteElement(ref writer, element);
        }
        catch (JsonException ex)
        {
            throw new MessagePackSerializationException($"{typeof(T).Name} could not be written through its JSON form: {ex.Message}", ex);
        }
        finally
        {
            buffer.Return();
        }
    }

    protected override T Read(ref MessagePackReader reader)
    {
        var buffer = JsonTranscodingBuffer.Rent();
        try
        {
            MessagePackJsonTranscoder.WriteJson(ref reader, buffer.Writer);
            buffer.Flush();
            return JsonSerializer.Deserialize(buffer.WrittenSpan, _typeInfo)!;
        }
        catch (JsonException ex)
        {
            throw new MessagePackSerializationException($"The value cannot be converted to {typeof(T).Name}: {ex.Message}", ex);
        }
        catch (NotSupportedException ex)
        {
            throw new MessagePackSerializationException($"{typeof(T).Name} cannot be deserialized: {ex.Message}", ex);
        }
        finally
        {
            buffer.Return();
        }
    }
}
