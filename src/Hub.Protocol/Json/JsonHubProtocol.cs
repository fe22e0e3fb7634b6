using System.Buffers;
using System.Text.Json;

namespace HubFramework.Protocol.Json;

/// <summary>
/// The JSON hub protocol ("json"): every message is a UTF-8 JSON object followed by the record separator 0x1E.
/// Arguments, stream items and results are (de)serialized with
/// <see cref="JsonHubProtocolOptions.PayloadSerializerOptions"/> to the types the <see cref="IInvocationBinder"/>
/// names. Thread-safe; one instance serves every connection.
/// </summary>
public sealed class JsonHubProtocol : IHubProtocol
{
    /// <summary>The protocol name in the handshake.</summary>
    public const string ProtocolName = "json";

    /// <summary>
    /// The highest version spoken: 2 adds the Ack and Sequence messages of stateful reconnect. The official
    /// clients ask for version 2; version 1 clients are served the same messages minus those two.
    /// </summary>
    public const int ProtocolVersion = 2;

    [ThreadStatic]
    private static ArrayBufferWriter<byte>? t_messageBuffer;

    private readonly JsonHubMessageParser _parser;
    private readonly JsonHubMessageWriter _writer;
    private readonly JsonWriterOptions _writerOptions;

    /// <summary>Creates the protocol with default options.</summary>
    public JsonHubProtocol()
        : this(new JsonHubProtocolOptions())
    {
    }

    /// <summary>Creates the protocol.</summary>
    /// <param name="options">Payload serializer settings; they are made read-only.</param>
    public JsonHubProtocol(JsonHubProtocolOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var payloadOptions = options.PayloadSerializerOptions
            ?? throw new ArgumentException("PayloadSerializerOptions is required.", nameof(options));
        payloadOptions.MakeReadOnly(populateMissingResolver: true);

        var maxDepth = payloadOptions.MaxDepth == 0 ? JsonHubProtocolOptions.DefaultMaxDepth : payloadOptions.MaxDepth;
        _parser = new JsonHubMessageParser(payloadOptions, maxDepth);
        _writer = new JsonHubMessageWriter(payloadOptions);
        _writerOptions = new JsonWriterOptions { Encoder = payloadOptions.Encoder, MaxDepth = maxDepth };
    }

    /// <inheritdoc />
    public string Name => ProtocolName;

    /// <inheritdoc />
    public int Version => ProtocolVersion;

    /// <inheritdoc />
    public TransferFormat TransferFormat => TransferFormat.Text;

    /// <inheritdoc />
    public bool IsVersionSupported(int version) => version is >= 1 and <= ProtocolVersion;

    /// <inheritdoc />
    /// <remarks>
    /// A message of a type this implementation does not know is skipped, as the spec asks of clients so that the
    /// protocol can grow: parsing continues with the next record, and when none is complete the method returns
    /// false with <paramref name="input"/> advanced past the skipped records.
    /// </remarks>
    public bool TryParseMessage(ref ReadOnlySequence<byte> input, IInvocationBinder binder, long? maximumMessageSize, out HubMessage? message)
    {
        ArgumentNullException.ThrowIfNull(binder);
        while (TextMessageFramer.TryParse(ref input, maximumMessageSize, out var record))
        {
            message = _parser.Parse(record, binder);
            if (message is not null)
            {
                return true;
            }
        }

        message = null;
        return false;
    }

    /// <inheritdoc />
    /// <exception cref="ArgumentException">The message cannot be written (a binding-failure message or an unknown type).</exception>
    /// <remarks>When serializing an argument throws, part of the message may already be in <paramref name="output"/>.</remarks>
    public void WriteMessage(HubMessage message, IBufferWriter<byte> output)
    {
        ArgumentNullException.ThrowIfNull(message);
        ArgumentNullException.ThrowIfNull(output);
        var writer = Utf8JsonWriterCache.Rent(output, _writerOptions);
        try
        {
            _writer.Write(message, writer);
            writer.Flush();
        }
        finally
        {
            Utf8JsonWriterCache.Return(writer);
        }

        TextMessageFramer.WriteRecordSeparator(output);
    }

    /// <inheritdoc />
    public ReadOnlyMemory<byte> GetMessageBytes(HubMessage message)
    {
        // Taken out of the slot while in use, so a nested call on the same thread gets its own buffer.
        var buffer = t_messageBuffer ?? new ArrayBufferWriter<byte>(256);
        t_messageBuffer = null;
        buffer.ResetWrittenCount();
        try
        {
            WriteMessage(message, buffer);
            return buffer.WrittenSpan.ToArray();
        }
        finally
        {
            // Keep a modest buffer per thread; let an unusually large one go.
            if (buffer.Capacity <= 64 * 1024)
            {
                t_messageBuffer = buffer;
            }
        }
    }
}
