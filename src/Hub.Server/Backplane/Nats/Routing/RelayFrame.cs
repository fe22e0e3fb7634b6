using System.Buffers;
using System.Buffers.Binary;
using NATS.Client.Core;

namespace HubFramework.Server.Backplane.Nats;

/// <summary>What a relay frame carries.</summary>
internal enum RelayFrameKind : byte
{
    /// <summary>Owner to edge: the response head (status, headers), possibly with the first body bytes.</summary>
    Head = 1,

    /// <summary>Body bytes, or (WebSocket) a part of a message.</summary>
    Data = 2,

    /// <summary>The receiver allows the sender more bytes: payload = cumulative byte count (u64).</summary>
    Credit = 3,

    /// <summary>Keep-alive, nothing else.</summary>
    Ping = 4,

    /// <summary>The relay ended abnormally: payload = the reason (UTF-8).</summary>
    Abort = 5,

    /// <summary>A WebSocket close: payload = status (u16), then the description (UTF-8).</summary>
    Close = 6,
}

/// <summary>Modifiers of a relay frame.</summary>
[Flags]
internal enum RelayFrameFlags : byte
{
    None = 0,

    /// <summary>The sender's side of the stream is complete (request body read, response finished).</summary>
    End = 1,

    /// <summary>WebSocket: the last part of a message.</summary>
    EndOfMessage = 2,

    /// <summary>WebSocket: a binary (not text) message.</summary>
    Binary = 4,
}

/// <summary>
/// One message of a relay stream on NATS: <c>[version][kind][flags][stream id u64][sequence u32][payload]</c>. The
/// stream id is the receiver's; the sequence numbers every frame of one direction, so a frame NATS dropped (it is
/// at-most-once) is detected and ends the relay instead of corrupting it.
/// </summary>
internal sealed class RelayFrame
{
    public const byte Version = 1;
    public const int HeaderSize = 15;

    private byte[]? _buffer;

    private RelayFrame(RelayFrameKind kind, RelayFrameFlags flags, ulong streamId, uint sequence, byte[]? buffer, int length)
    {
        Kind = kind;
        Flags = flags;
        StreamId = streamId;
        Sequence = sequence;
        _buffer = buffer;
        Length = length;
    }

    public RelayFrameKind Kind { get; }

    public RelayFrameFlags Flags { get; }

    public ulong StreamId { get; }

    public uint Sequence { get; }

    public int Length { get; }

    public ReadOnlyMemory<byte> Payload => _buffer is null ? ReadOnlyMemory<byte>.Empty : _buffer.AsMemory(0, Length);

    public bool IsEnd => (Flags & RelayFrameFlags.End) != 0;

    /// <summary>Returns the pooled payload buffer; the frame must not be read afterwards.</summary>
    public void Release()
    {
        var buffer = Interlocked.Exchange(ref _buffer, null);
        if (buffer is not null)
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    public static void Write(IBufferWriter<byte> writer, RelayFrameKind kind, RelayFrameFlags flags, ulong streamId, uint sequence, ReadOnlySpan<byte> payload)
    {
        var span = writer.GetSpan(HeaderSize + payload.Length);
        span[0] = Version;
        span[1] = (byte)kind;
        span[2] = (byte)flags;
        BinaryPrimitives.WriteUInt64LittleEndian(span[3..], streamId);
        BinaryPrimitives.WriteUInt32LittleEndian(span[11..], sequence);
        payload.CopyTo(span[HeaderSize..]);
        writer.Advance(HeaderSize + payload.Length);
    }

    /// <summary>Parses a frame (copying its payload into a pooled buffer); null for anything that is not one.</summary>
    public static RelayFrame? TryParse(in ReadOnlySequence<byte> buffer)
    {
        if (buffer.Length < HeaderSize)
        {
            return null;
        }

        Span<byte> header = stackalloc byte[HeaderSize];
        buffer.Slice(0, HeaderSize).CopyTo(header);
        var kind = (RelayFrameKind)header[1];
        if (header[0] != Version || kind is < RelayFrameKind.Head or > RelayFrameKind.Close)
        {
            return null;
        }

        var length = checked((int)(buffer.Length - HeaderSize));
        byte[]? payload = null;
        if (length > 0)
        {
            payload = ArrayPool<byte>.Shared.Rent(length);
            buffer.Slice(HeaderSize).CopyTo(payload);
        }

        return new RelayFrame(kind, (RelayFrameFlags)header[2], BinaryPrimitives.ReadUInt64LittleEndian(header[3..]), BinaryPrimitives.ReadUInt32LittleEndian(header[11..]), payload, length);
    }
}

/// <summary>A frame to publish: the payload is written straight into NATS's buffer.</summary>
internal readonly record struct OutgoingRelayFrame(RelayFrameKind Kind, RelayFrameFlags Flags, ulong StreamId, uint Sequence, ReadOnlyMemory<byte> Payload);

/// <summary>Writes outgoing frames and parses incoming ones (null for garbage) without an intermediate copy.</summary>
internal sealed class RelayFrameSerializer : INatsSerialize<OutgoingRelayFrame>, INatsDeserialize<RelayFrame?>
{
    public static readonly RelayFrameSerializer Instance = new();

    public void Serialize(IBufferWriter<byte> bufferWriter, OutgoingRelayFrame value)
        => RelayFrame.Write(bufferWriter, value.Kind, value.Flags, value.StreamId, value.Sequence, value.Payload.Span);

    public RelayFrame? Deserialize(in ReadOnlySequence<byte> buffer) => RelayFrame.TryParse(buffer);
}

/// <summary>Raw bytes in and out (the open request and its reply).</summary>
internal sealed class RelayBytesSerializer : INatsSerialize<ReadOnlyMemory<byte>>, INatsDeserialize<byte[]>
{
    public static readonly RelayBytesSerializer Instance = new();

    public void Serialize(IBufferWriter<byte> bufferWriter, ReadOnlyMemory<byte> value) => bufferWriter.Write(value.Span);

    public byte[] Deserialize(in ReadOnlySequence<byte> buffer) => buffer.ToArray();
}
