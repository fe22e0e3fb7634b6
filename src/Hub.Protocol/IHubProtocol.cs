using System.Buffers;

namespace HubFramework.Protocol;

/// <summary>Turns hub messages into framed bytes and back. Implementations are thread-safe and stateless.</summary>
public interface IHubProtocol
{
    /// <summary>The name used in the handshake ("json", "messagepack").</summary>
    string Name { get; }

    /// <summary>The highest protocol version this implementation speaks.</summary>
    int Version { get; }

    /// <summary>What the protocol needs of a transport.</summary>
    TransferFormat TransferFormat { get; }

    /// <summary>Whether a client asking for <paramref name="version"/> can be served.</summary>
    bool IsVersionSupported(int version);

    /// <summary>
    /// Parses one complete framed message from the start of <paramref name="input"/> and advances it past the frame.
    /// Returns false when no complete message is buffered yet; <paramref name="input"/> may then have advanced past
    /// complete frames of unknown message types, which the spec says to skip, so callers consume up to <c>input.Start</c>.
    /// </summary>
    /// <param name="input">Buffered bytes.</param>
    /// <param name="binder">Supplies target types for arguments, results and stream items.</param>
    /// <param name="maximumMessageSize">Largest frame accepted (bytes); null for no limit. A longer frame, or a length prefix announcing one, throws.</param>
    /// <param name="message">The message; binding problems come back as <see cref="InvocationBindingFailureMessage"/> / <see cref="StreamBindingFailureMessage"/>.</param>
    /// <exception cref="HubProtocolException">The bytes are not a valid message or exceed the limit.</exception>
    bool TryParseMessage(ref ReadOnlySequence<byte> input, IInvocationBinder binder, long? maximumMessageSize, out HubMessage? message);

    /// <summary>Writes one framed message.</summary>
    void WriteMessage(HubMessage message, IBufferWriter<byte> output);

    /// <summary>Returns one framed message as a new array (for caching a broadcast once per protocol).</summary>
    ReadOnlyMemory<byte> GetMessageBytes(HubMessage message);
}
