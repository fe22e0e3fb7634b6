using System.Buffers;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace HubFramework.Protocol.MessagePack;

/// <summary>A per-thread buffer and JSON writer reused by the transcoding converters, so a conversion allocates only its result.</summary>
internal sealed class JsonTranscodingBuffer
{
    [ThreadStatic]
    private static JsonTranscodingBuffer? t_cached;

    private readonly ArrayBufferWriter<byte> _buffer = new(256);
    private readonly Utf8JsonWriter _writer;

    private JsonTranscodingBuffer()
    {
        _writer = new Utf8JsonWriter(_buffer, new JsonWriterOptions
        {
            // JSON here is an intermediate form, never embedded in HTML: keep text as it is, like the JSON protocol does.
            Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
            MaxDepth = MessagePackReader.MaximumDepthLimit + 1,
        });
    }

    public Utf8JsonWriter Writer => _writer;

    public ReadOnlySpan<byte> WrittenSpan => _buffer.WrittenSpan;

    /// <summary>Takes the thread's buffer (or a new one while it is in use by an outer conversion).</summary>
    public static JsonTranscodingBuffer Rent()
    {
        var buffer = t_cached ?? new JsonTranscodingBuffer();
        t_cached = null;
        return buffer;
    }

    public void Return()
    {
        _writer.Reset(_buffer);
        if (_buffer.Capacity > 64 * 1024)
        {
            // Do not pin a large buffer to the thread for good.
            return;
        }

        _buffer.ResetWrittenCount();
        t_cached = this;
    }

    public void Flush() => _writer.Flush();
}
