using System.Buffers;

namespace HubFramework.Protocol.MessagePack;

/// <summary>
/// The MessagePack hub protocol ("messagepack", binary): each message is a MessagePack array in the layouts of
/// HubProtocol.md, framed by a VarInt length prefix. Arguments, stream items and results are bound to the types the
/// <see cref="IInvocationBinder"/> reports, through <see cref="MessagePackSerializer"/> (System.Text.Json contracts).
/// Thread-safe and stateless.
/// </summary>
public sealed class MessagePackHubProtocol : IHubProtocol
{
    /// <summary>The protocol name of the handshake.</summary>
    public const string ProtocolName = "messagepack";

    /// <summary>The protocol version spoken (the official clients send 2; version 1 clients are accepted).</summary>
    public const int ProtocolVersion = 2;

    // 0x02 = length 2, then [6]: the Ping message is always exactly these bytes.
    private static readonly byte[] PingFrame = [0x02, 0x91, 0x06];

    private readonly int _maximumDepth;
    private readonly Utf8StringCache _targets = new();

    /// <summary>Creates the protocol with default settings.</summary>
    public MessagePackHubProtocol()
        : this(new MessagePackHubProtocolOptions())
    {
    }

    /// <summary>Creates the protocol.</summary>
    public MessagePackHubProtocol(MessagePackHubProtocolOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(options.SerializerOptions);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.MaximumDepth, 2, nameof(options.MaximumDepth));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(options.MaximumDepth, MessagePackReader.MaximumDepthLimit, nameof(options.MaximumDepth));
        _maximumDepth = options.MaximumDepth;
        Serializer = new MessagePackSerializer(options.SerializerOptions, options.MaximumDepth);
    }

    /// <inheritdoc />
    public string Name => ProtocolName;

    /// <inheritdoc />
    public int Version => ProtocolVersion;

    /// <inheritdoc />
    public TransferFormat TransferFormat => TransferFormat.Binary;

    /// <summary>The serializer that binds arguments, stream items and results (for writing values consistently elsewhere).</summary>
    public MessagePackSerializer Serializer { get; }

    /// <inheritdoc />
    public bool IsVersionSupported(int version) => version is >= 1 and <= ProtocolVersion;

    /// <inheritdoc />
    /// <remarks>
    /// <paramref name="maximumMessageSize"/> limits the message body (the bytes after the length prefix) and is checked
    /// as soon as the prefix is buffered, before the body is. Messages of unknown types are skipped, as the spec allows:
    /// <paramref name="input"/> then advances past them even when no message is returned.
    /// </remarks>
    public bool TryParseMessage(ref ReadOnlySequence<byte> input, IInvocationBinder binder, long? maximumMessageSize, out HubMessage? message)
    {
        ArgumentNullException.ThrowIfNull(binder);
        while (BinaryMessageFramer.TryParse(ref input, maximumMessageSize, out var payload))
        {
            var parsed = MessagePackHubMessageParser.Parse(payload, binder, Serializer, _maximumDepth, _targets);
            if (parsed is not null)
            {
                message = parsed;
                return true;
            }
        }

        message = null;
        return false;
    }

    /// <inheritdoc />
    /// <exception cref="ArgumentException">The message is a binding-failure message or of an unknown type.</exception>
    /// <exception cref="MessagePackSerializationException">A value cannot be serialized; nothing is written to <paramref name="output"/>.</exception>
    public void WriteMessage(HubMessage message, IBufferWriter<byte> output)
    {
        ArgumentNullException.ThrowIfNull(message);
        ArgumentNullException.ThrowIfNull(output);
        if (message is PingMessage)
        {
            output.Write(PingFrame);
            return;
        }

        var buffer = Serialize(message);
        try
        {
            var payload = buffer.WrittenSpan;
            BinaryMessageFramer.WriteLengthPrefix(payload.Length, output);
            output.Write(payload);
        }
        finally
        {
            buffer.Return();
        }
    }

    /// <inheritdoc />
    public ReadOnlyMemory<byte> GetMessageBytes(HubMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        var buffer = Serialize(message);
        try
        {
            var payload = buffer.WrittenSpan;
            int prefixSize = BinaryMessageFramer.GetLengthPrefixSize(payload.Length);
            var frame = new byte[prefixSize + payload.Length];
            BinaryMessageFramer.WriteLengthPrefix(payload.Length, frame);
            payload.CopyTo(frame.AsSpan(prefixSize));
            return frame;
        }
        finally
        {
            buffer.Return();
        }
    }

    private PooledBufferWriter Serialize(HubMessage message)
    {
        var buffer = PooledBufferWriter.Rent();
        try
        {
            var writer = new MessagePackWriter(buffer, _maximumDepth);
            MessagePackHubMessageWriter.Write(ref writer, message, Serializer);
            writer.Flush();
            return buffer;
        }
        catch
        {
            buffer.Return();
            throw;
        }
    }
}
