using System.Buffers;
using System.Buffers.Binary;
using System.Text;

namespace HubFramework.Protocol.MessagePack;

/// <summary>
/// Writes MessagePack tokens to an <see cref="IBufferWriter{T}"/>, always in the smallest encoding, allocating
/// nothing. Bytes are buffered in the span last obtained from the output: call <see cref="Flush"/> when done.
/// </summary>
public ref struct MessagePackWriter
{
    private const int MinimumBufferRequest = 256;

    private readonly IBufferWriter<byte> _output;
    private Span<byte> _span;
    private int _buffered;

    /// <summary>Creates a writer.</summary>
    /// <param name="output">Where the bytes go.</param>
    /// <param name="maximumDepth">How deeply object writers may nest arrays and maps (guards against cyclic graphs).</param>
    public MessagePackWriter(IBufferWriter<byte> output, int maximumDepth = MessagePackReader.DefaultMaximumDepth)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentOutOfRangeException.ThrowIfLessThan(maximumDepth, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(maximumDepth, MessagePackReader.MaximumDepthLimit);
        _output = output;
        _span = default;
        _buffered = 0;
        MaximumDepth = maximumDepth;
        Depth = 0;
    }

    /// <summary>How deeply arrays and maps may nest.</summary>
    public int MaximumDepth { get; }

    /// <summary>How many arrays and maps enclose the next token, as counted by <see cref="IncrementDepth"/>.</summary>
    public int Depth { get; private set; }

    /// <summary>Records that the caller writes the contents of an array or map.</summary>
    /// <exception cref="MessagePackSerializationException">The nesting is deeper than <see cref="MaximumDepth"/>; the object graph may contain a cycle.</exception>
    public void IncrementDepth()
    {
        if (Depth >= MaximumDepth)
        {
            throw new MessagePackSerializationException($"Arrays and maps are nested deeper than the limit of {MaximumDepth} while writing; the object graph may contain a cycle.");
        }

        Depth++;
    }

    /// <summary>Records that the caller has finished an array or map.</summary>
    public void DecrementDepth()
    {
        if (Depth > 0)
        {
            Depth--;
        }
    }

    /// <summary>Commits the buffered bytes to the output.</summary>
    public void Flush()
    {
        if (_buffered > 0)
        {
            _output.Advance(_buffered);
        }

        _buffered = 0;
        _span = default;
    }

    /// <summary>Writes nil.</summary>
    public void WriteNil() => WriteByte(MessagePackCode.Nil);

    /// <summary>Writes true or false.</summary>
    public void Write(bool value) => WriteByte(value ? MessagePackCode.True : MessagePackCode.False);

    /// <summary>Writes an integer in the smallest format.</summary>
    public void Write(int value) => Write((long)value);

    /// <summary>Writes an integer in the smallest format.</summary>
    public void Write(uint value) => Write((ulong)value);

    /// <summary>Writes an integer in the smallest format.</summary>
    public void Write(long value)
    {
        if (value >= 0)
        {
            Write((ulong)value);
            return;
        }

        Span<byte> span = Reserve(9);
        int size;
        if (value >= -32)
        {
            span[0] = unchecked((byte)value);
            size = 1;
        }
        else if (value >= sbyte.MinValue)
        {
            span[0] = MessagePackCode.Int8;
            span[1] = unchecked((byte)value);
            size = 2;
        }
        else if (value >= short.MinValue)
        {
            span[0] = MessagePackCode.Int16;
            BinaryPrimitives.WriteInt16BigEndian(span.Slice(1), (short)value);
            size = 3;
        }
        else if (value >= int.MinValue)
        {
            span[0] = MessagePackCode.Int32;
            BinaryPrimitives.WriteInt32BigEndian(span.Slice(1), (int)value);
            size = 5;
        }
        else
        {
            span[0] = MessagePackCode.Int64;
            BinaryPrimitives.WriteInt64BigEndian(span.Slice(1), value);
            size = 9;
        }

        _buffered += size;
    }

    /// <summary>Writes a non-negative integer in the smallest format.</summary>
    public void Write(ulong value)
    {
        Span<byte> span = Reserve(9);
        int size;
        if (value <= MessagePackCode.MaxPositiveFixInt)
        {
            span[0] = (byte)value;
            size = 1;
        }
        else if (value <= byte.MaxValue)
        {
            span[0] = MessagePackCode.UInt8;
            span[1] = (byte)value;
            size = 2;
        }
        else if (value <= ushort.MaxValue)
        {
            span[0] = MessagePackCode.UInt16;
            BinaryPrimitives.WriteUInt16BigEndian(span.Slice(1), (ushort)value);
            size = 3;
        }
        else if (value <= uint.MaxValue)
        {
            span[0] = MessagePackCode.UInt32;
            BinaryPrimitives.WriteUInt32BigEndian(span.Slice(1), (uint)value);
            size = 5;
        }
        else
        {
            span[0] = MessagePackCode.UInt64;
            BinaryPrimitives.WriteUInt64BigEndian(span.Slice(1), value);
            size = 9;
        }

        _buffered += size;
    }

    /// <summary>Writes a float 32.</summary>
    public void Write(float value)
    {
        Span<byte> span = Reserve(5);
        span[0] = MessagePackCode.Float32;
        BinaryPrimitives.WriteSingleBigEndian(span.Slice(1), value);
        _buffered += 5;
    }

    /// <summary>Writes a float 64.</summary>
    public void Write(double value)
    {
        Span<byte> span = Reserve(9);
        span[0] = MessagePackCode.Float64;
        BinaryPrimitives.WriteDoubleBigEndian(span.Slice(1), value);
        _buffered += 9;
    }

    /// <summary>Writes a string, or nil for null.</summary>
    public void WriteString(string? value)
    {
        if (value is null)
        {
            WriteNil();
            return;
        }

        WriteString(value.AsSpan());
    }

    /// <summary>Writes UTF-16 text as a UTF-8 string (unpaired surrogates become U+FFFD).</summary>
    public void WriteString(scoped ReadOnlySpan<char> value)
    {
        // Short text: encode after a one-byte header sized for the worst case, which always fits fixstr.
        if (value.Length <= 10)
        {
            Span<byte> span = Reserve(1 + (value.Length * 3));
            int written = Encoding.UTF8.GetBytes(value, span.Slice(1));
            span[0] = (byte)(MessagePackCode.MinFixStr | written);
            _buffered += 1 + written;
            return;
        }

        int byteCount = Encoding.UTF8.GetByteCount(value);
        WriteStringHeader(byteCount);
        Span<byte> body = Reserve(byteCount);
        Encoding.UTF8.GetBytes(value, body);
        _buffered += byteCount;
    }

    /// <summary>Writes already-encoded UTF-8 as a string (not validated).</summary>
    public void WriteStringUtf8(scoped ReadOnlySpan<byte> utf8)
    {
        WriteStringHeader(utf8.Length);
        WriteRaw(utf8);
    }

    /// <summary>Writes the header of a string of <paramref name="byteCount"/> UTF-8 bytes; the caller writes the bytes.</summary>
    public void WriteStringHeader(int byteCount)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(byteCount);
        Span<byte> span = Reserve(5);
        if (byteCount <= 31)
        {
            span[0] = (byte)(MessagePackCode.MinFixStr | byteCount);
            _buffered += 1;
        }
        else
        {
            _buffered += WriteLengthHeader(span, byteCount, MessagePackCode.Str8, MessagePackCode.Str16, MessagePackCode.Str32);
        }
    }

    /// <summary>Writes a bin value.</summary>
    public void WriteBinary(scoped ReadOnlySpan<byte> value)
    {
        WriteBinaryHeader(value.Length);
        WriteRaw(value);
    }

    /// <summary>Writes the header of a bin value of <paramref name="length"/> bytes; the caller writes the bytes.</summary>
    public void WriteBinaryHeader(int length)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        _buffered += WriteLengthHeader(Reserve(5), length, MessagePackCode.Bin8, MessagePackCode.Bin16, MessagePackCode.Bin32);
    }

    /// <summary>Writes an array header; the caller writes <paramref name="count"/> values.</summary>
    public void WriteArrayHeader(int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        Span<byte> span = Reserve(5);
        if (count <= 15)
        {
            span[0] = (byte)(MessagePackCode.MinFixArray | count);
            _buffered += 1;
        }
        else
        {
            _buffered += WriteLengthHeader(span, count, 0, MessagePackCode.Array16, MessagePackCode.Array32);
        }
    }

    /// <summary>Writes a map header; the caller writes <paramref name="count"/> keys, each followed by its value.</summary>
    public void WriteMapHeader(int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        Span<byte> span = Reserve(5);
        if (count <= 15)
        {
            span[0] = (byte)(MessagePackCode.MinFixMap | count);
            _buffered += 1;
        }
        else
        {
            _buffered += WriteLengthHeader(span, count, 0, MessagePackCode.Map16, MessagePackCode.Map32);
        }
    }

    /// <summary>Writes an extension header (fixext when the length allows); the caller writes the data.</summary>
    public void WriteExtensionHeader(MessagePackExtensionHeader header)
    {
        Span<byte> span = Reserve(6);
        byte fixCode = header.Length switch
        {
            1 => MessagePackCode.FixExt1,
            2 => MessagePackCode.FixExt2,
            4 => MessagePackCode.FixExt4,
            8 => MessagePackCode.FixExt8,
            16 => MessagePackCode.FixExt16,
            _ => 0,
        };
        if (fixCode != 0)
        {
            span[0] = fixCode;
            span[1] = unchecked((byte)header.TypeCode);
            _buffered += 2;
            return;
        }

        int size;
        if (header.Length <= byte.MaxValue)
        {
            span[0] = MessagePackCode.Ext8;
            span[1] = (byte)header.Length;
            size = 2;
        }
        else if (header.Length <= ushort.MaxValue)
        {
            span[0] = MessagePackCode.Ext16;
            BinaryPrimitives.WriteUInt16BigEndian(span.Slice(1), (ushort)header.Length);
            size = 3;
        }
        else
        {
            span[0] = MessagePackCode.Ext32;
            BinaryPrimitives.WriteUInt32BigEndian(span.Slice(1), header.Length);
            size = 5;
        }

        span[size] = unchecked((byte)header.TypeCode);
        _buffered += size + 1;
    }

    /// <summary>Writes a whole extension value.</summary>
    public void WriteExtension(sbyte typeCode, scoped ReadOnlySpan<byte> data)
    {
        WriteExtensionHeader(new MessagePackExtensionHeader(typeCode, (uint)data.Length));
        WriteRaw(data);
    }

    /// <summary>Writes a timestamp in its smallest form: 32-bit, 64-bit, or 96-bit.</summary>
    public void WriteTimestamp(MessagePackTimestamp value)
    {
        Span<byte> span = Reserve(15);
        span[1] = unchecked((byte)MessagePackCode.TimestampExtensionType);
        if (value.Seconds >= 0 && (value.Seconds >> 34) == 0)
        {
            if (value.Nanoseconds == 0 && value.Seconds <= uint.MaxValue)
            {
                span[0] = MessagePackCode.FixExt4;
                BinaryPrimitives.WriteUInt32BigEndian(span.Slice(2), (uint)value.Seconds);
                _buffered += 6;
                return;
            }

            span[0] = MessagePackCode.FixExt8;
            BinaryPrimitives.WriteUInt64BigEndian(span.Slice(2), ((ulong)value.Nanoseconds << 34) | (ulong)value.Seconds);
            _buffered += 10;
            return;
        }

        span[0] = MessagePackCode.Ext8;
        span[1] = 12;
        span[2] = unchecked((byte)MessagePackCode.TimestampExtensionType);
        BinaryPrimitives.WriteUInt32BigEndian(span.Slice(3), value.Nanoseconds);
        BinaryPrimitives.WriteInt64BigEndian(span.Slice(7), value.Seconds);
        _buffered += 15;
    }

    /// <summary>Writes <paramref name="value"/> as a timestamp (see <see cref="MessagePackTimestamp.FromDateTime"/>).</summary>
    public void WriteTimestamp(DateTime value) => WriteTimestamp(MessagePackTimestamp.FromDateTime(value));

    /// <summary>Copies bytes that already are MessagePack (or the payload after a header) to the output.</summary>
    public void WriteRaw(scoped ReadOnlySpan<byte> bytes)
    {
        while (!bytes.IsEmpty)
        {
            Span<byte> span = ReserveSome(bytes.Length);
            int chunk = Math.Min(span.Length, bytes.Length);
            bytes.Slice(0, chunk).CopyTo(span);
            _buffered += chunk;
            bytes = bytes.Slice(chunk);
        }
    }

    /// <summary>Copies bytes that already are MessagePack to the output.</summary>
    public void WriteRaw(in ReadOnlySequence<byte> bytes)
    {
        foreach (ReadOnlyMemory<byte> segment in bytes)
        {
            WriteRaw(segment.Span);
        }
    }

    private static int WriteLengthHeader(Span<byte> span, int length, byte code8, byte code16, byte code32)
    {
        if (code8 != 0 && length <= byte.MaxValue)
        {
            span[0] = code8;
            span[1] = (byte)length;
            return 2;
        }

        if (length <= ushort.MaxValue)
        {
            span[0] = code16;
            BinaryPrimitives.WriteUInt16BigEndian(span.Slice(1), (ushort)length);
            return 3;
        }

        span[0] = code32;
        BinaryPrimitives.WriteUInt32BigEndian(span.Slice(1), (uint)length);
        return 5;
    }

    private void WriteByte(byte value)
    {
        Reserve(1)[0] = value;
        _buffered++;
    }

    /// <summary>A span of at least <paramref name="size"/> free bytes after the buffered ones.</summary>
    private Span<byte> Reserve(int size)
    {
        if (_span.Length - _buffered < size)
        {
            Grow(size);
        }

        return _span.Slice(_buffered);
    }

    /// <summary>A span of at least one free byte, as much as is cheaply available up to <paramref name="wanted"/>.</summary>
    private Span<byte> ReserveSome(int wanted)
    {
        if (_span.Length == _buffered)
        {
            Grow(Math.Min(wanted, 64 * 1024));
        }

        return _span.Slice(_buffered);
    }

    private void Grow(int size)
    {
        Flush();
        _span = _output.GetSpan(Math.Max(size, MinimumBufferRequest));
        if (_span.Length < size)
        {
            throw new InvalidOperationException("The buffer writer returned a span smaller than requested.");
        }
    }
}
