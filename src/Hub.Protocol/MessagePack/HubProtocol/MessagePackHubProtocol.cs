using System.Buffers;
using MessagePack;

namespace HubFramework.Protocol.MessagePack;

/// <summary>
/// The MessagePack hub protocol ("messagepack", binary): each message is a MessagePack array in the layouts of
/// HubProtocol.md, framed by a VarInt length prefix, written and read with the <c>MessagePack</c> package.
/// Arguments, stream items and results go through <see cref="MessagePackSerializer"/> with
/// <see cref="MessagePackHubProtocolOptions.SerializerOptions"/>, bound to the types the <see cref="IInvocationBinder"/>
/// reports. With the default options a message is written byte for byte as Microsoft's protocol writes it.
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

    private readonly MessagePackSerializerOptions _options;
    private readonly Utf8StringCache _targets = new();

    /// <summary>Creates the protocol with default settings.</summary>
    public MessagePackHubProtocol()
        : this(new MessagePackHubProtocolOptions())
    {
    }

    /// <summary>Creates the protocol.</summary>
    /// <exception cref="ArgumentException">The options have no serializer options.</exception>
    public MessagePackHubProtocol(MessagePackHubProtocolOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options.SerializerOptions
            ?? throw new ArgumentException("MessagePackHubProtocolOptions.SerializerOptions must be set.", nameof(options));
    }

    /// <inheritdoc />
    public string Name => ProtocolName;

    /// <inheritdoc />
    public int Version => ProtocolVersion;

    /// <inheritdoc />
    public TransferFormat TransferFormat => TransferFormat.Binary;

    /// <summary>The serializer options values are written and read with (for writing values consistently elsewhere).</summary>
    public MessagePackSerializerOptions SerializerOptions => _options;

    /// <summary>
    /// The default serializer options: Microsoft's (<see cref="MessagePackSerializerOptions.Standard"/>, enums as
    /// strings, then the contractless standard resolver, <see cref="MessagePackSecurity.UntrustedData"/>), with map
    /// keys bound case-insensitively when read (<see cref="HubMessagePackResolver"/>).
    /// </summary>
    public static MessagePackSerializerOptions CreateDefaultSerializerOptions() =>
        MessagePackSerializerOptions.Standard
            .WithResolver(HubMessagePackResolver.Instance)
            .WithSecurity(MessagePackSecurity.UntrustedData);

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
            var parsed = MessagePackHubMessageParser.Parse(payload, binder, _options, _targets);
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
        // The whole message goes to a per-thread buffer first: the length prefix needs its size.
        var buffer = PooledBufferWriter.Rent();
        try
        {
            var writer = new MessagePackWriter(buffer);
            MessagePackHubMessageWriter.Write(ref writer, message, _options);
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
