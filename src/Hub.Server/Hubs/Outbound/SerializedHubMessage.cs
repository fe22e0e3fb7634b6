using HubFramework.Protocol;

namespace HubFramework.Server.Hubs.Outbound;

/// <summary>
/// A hub message sent to many connections: its framed bytes are produced once per protocol and shared by every
/// recipient's outbound queue, so a broadcast costs one serialization per protocol in use, not one per connection.
/// Thread-safe; reading an already cached protocol takes no lock and allocates nothing.
/// </summary>
public sealed class SerializedHubMessage
{
    private CachedFrame? _frames;

    /// <summary>Wraps <paramref name="message"/>; nothing is serialized until a recipient asks for a protocol.</summary>
    public SerializedHubMessage(HubMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        Message = message;
    }

    /// <summary>
    /// Wraps bytes already framed elsewhere (a message another node serialized and sent over a backplane), so that
    /// recipients of those protocols reuse them as they are. <paramref name="message"/> describes the kind of message.
    /// </summary>
    internal SerializedHubMessage(HubMessage message, IReadOnlyList<KeyValuePair<IHubProtocol, ReadOnlyMemory<byte>>> frames)
        : this(message)
    {
        for (var i = 0; i < frames.Count; i++)
        {
            _frames = new CachedFrame(frames[i].Key, frames[i].Value, _frames);
        }
    }

    /// <summary>The message.</summary>
    public HubMessage Message { get; }

    /// <summary>The framed bytes of <see cref="Message"/> in <paramref name="protocol"/>, serialized on the first request only.</summary>
    public ReadOnlyMemory<byte> GetSerializedMessage(IHubProtocol protocol)
    {
        ArgumentNullException.ThrowIfNull(protocol);

        // Most broadcasts meet one or two protocols: a short immutable list beats a dictionary (no allocation for the lookup).
        for (var frame = Volatile.Read(ref _frames); frame is not null; frame = frame.Next)
        {
            if (ReferenceEquals(frame.Protocol, protocol))
            {
                return frame.Bytes;
            }
        }

        return Serialize(protocol);
    }

    private ReadOnlyMemory<byte> Serialize(IHubProtocol protocol)
    {
        // Serializing outside any lock: two threads racing on the same protocol may both serialize, and the first
        // one published wins; correctness does not depend on who wins.
        var bytes = protocol.GetMessageBytes(Message);
        while (true)
        {
            var head = Volatile.Read(ref _frames);
            for (var frame = head; frame is not null; frame = frame.Next)
            {
                if (ReferenceEquals(frame.Protocol, protocol))
                {
                    return frame.Bytes;
                }
            }

            var added = new CachedFrame(protocol, bytes, head);
            if (Interlocked.CompareExchange(ref _frames, added, head) == head)
            {
                return bytes;
            }
        }
    }

    private sealed class CachedFrame(IHubProtocol protocol, ReadOnlyMemory<byte> bytes, CachedFrame? next)
    {
        public IHubProtocol Protocol { get; } = protocol;

        public ReadOnlyMemory<byte> Bytes { get; } = bytes;

        public CachedFrame? Next { get; } = next;
    }
}
