using System.Buffers;
using System.Text;
using static HubFramework.Protocol.MessagePack.MessagePackReadStatus;

namespace HubFramework.Protocol.MessagePack;

/// <summary>
/// Reads MessagePack tokens from a <see cref="ReadOnlySequence{T}"/> of any number of segments, allocating nothing
/// except for the strings and arrays it is asked to return.
/// </summary>
/// <remarks>
/// <para>
/// The <c>TryRead…</c> methods never throw for short, mismatched or malformed input: they return a
/// <see cref="MessagePackReadStatus"/> and, unless it is <see cref="MessagePackReadStatus.Success"/>, leave the reader
/// where it was. Headers announcing more elements or bytes than remain report
/// <see cref="MessagePackReadStatus.InsufficientData"/>, so nothing is ever sized by an unchecked length.
/// </para>
/// <para>
/// The <c>Read…</c> methods are for a buffer that holds a complete value (a framed message): they throw
/// <see cref="MessagePackFormatException"/> for truncated or malformed input and
/// <see cref="MessagePackSerializationException"/> when the value is of another type.
/// </para>
/// </remarks>
public ref partial struct MessagePackReader
{
    /// <summary>The default limit of nested arrays and maps.</summary>
    public const int DefaultMaximumDepth = 64;

    /// <summary>The highest accepted <see cref="MaximumDepth"/>; deeper recursion would risk the stack.</summary>
    public const int MaximumDepthLimit = 1000;

    private const int WindowSize = 16;
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    private SequenceReader<byte> _reader;

    /// <summary>Creates a reader over <paramref name="sequence"/>.</summary>
    /// <param name="sequence">The bytes.</param>
    /// <param name="maximumDepth">How deeply arrays and maps may nest (1 to <see cref="MaximumDepthLimit"/>).</param>
    public MessagePackReader(ReadOnlySequence<byte> sequence, int maximumDepth = DefaultMaximumDepth)
    {
        ValidateMaximumDepth(maximumDepth);
        _reader = new SequenceReader<byte>(sequence);
        MaximumDepth = maximumDepth;
        Depth = 0;
    }

    /// <summary>Creates a reader over <paramref name="memory"/>.</summary>
    public MessagePackReader(ReadOnlyMemory<byte> memory, int maximumDepth = DefaultMaximumDepth)
        : this(new ReadOnlySequence<byte>(memory), maximumDepth)
    {
    }

    /// <summary>The whole input.</summary>
    public readonly ReadOnlySequence<byte> Sequence => _reader.Sequence;

    /// <summary>The position of the next token.</summary>
    public readonly SequencePosition Position => _reader.Position;

    /// <summary>Bytes read so far.</summary>
    public readonly long Consumed => _reader.Consumed;

    /// <summary>Bytes left.</summary>
    public readonly long Remaining => _reader.Remaining;

    /// <summary>Whether every byte has been read.</summary>
    public readonly bool End => _reader.End;

    /// <summary>How deeply arrays and maps may nest.</summary>
    public int MaximumDepth { get; }

    /// <summary>How many arrays and maps enclose the next token, as counted by <see cref="IncrementDepth"/>.</summary>
    public int Depth { get; private set; }

    /// <summary>
    /// Records that the caller descends into an array or map it has just read the header of.
    /// Object readers call this so that deeply nested input fails before it exhausts the stack.
    /// </summary>
    /// <exception cref="MessagePackFormatException">The nesting is deeper than <see cref="MaximumDepth"/>.</exception>
    public void IncrementDepth()
    {
        if (Depth >= MaximumDepth)
        {
            throw new MessagePackFormatException($"Arrays and maps are nested deeper than the limit of {MaximumDepth} (offset {Consumed}).");
        }

        Depth++;
    }

    /// <summary>Records that the caller has left an array or map.</summary>
    public void DecrementDepth()
    {
        if (Depth > 0)
        {
            Depth--;
        }
    }

    /// <summary>The family of the next value.</summary>
    public readonly MessagePackReadStatus TryPeekType(out MessagePackType type)
    {
        if (!_reader.TryPeek(out byte code))
        {
            type = MessagePackType.Unknown;
            return InsufficientData;
        }

        type = MessagePackCode.ToType(code);
        return type == MessagePackType.Unknown ? InvalidData : Success;
    }

    /// <summary>Reads nil.</summary>
    public MessagePackReadStatus TryReadNil()
    {
        if (!_reader.TryPeek(out byte code))
        {
            return InsufficientData;
        }

        if (code != MessagePackCode.Nil)
        {
            return code == MessagePackCode.NeverUsed ? InvalidData : TypeMismatch;
        }

        _reader.Advance(1);
        return Success;
    }

    /// <summary>Reads true or false.</summary>
    public MessagePackReadStatus TryReadBoolean(out bool value)
    {
        Span<byte> scratch = stackalloc byte[WindowSize];
        return Complete(MessagePackDecoder.TryDecodeBoolean(Window(scratch), out value, out int consumed), consumed);
    }

    /// <summary>Reads an integer of any width that fits <see cref="long"/>.</summary>
    public MessagePackReadStatus TryReadInt64(out long value)
    {
        Span<byte> scratch = stackalloc byte[WindowSize];
        return Complete(MessagePackDecoder.TryDecodeInt64(Window(scratch), out value, out int consumed), consumed);
    }

    /// <summary>Reads a non-negative integer of any width.</summary>
    public MessagePackReadStatus TryReadUInt64(out ulong value)
    {
        Span<byte> scratch = stackalloc byte[WindowSize];
        return Complete(MessagePackDecoder.TryDecodeUInt64(Window(scratch), out value, out int consumed), consumed);
    }

    /// <summary>Reads a float 32/64 or an integer, as a <see cref="double"/>.</summary>
    public MessagePackReadStatus TryReadDouble(out double value)
    {
        Span<byte> scratch = stackalloc byte[WindowSize];
        return Complete(MessagePackDecoder.TryDecodeDouble(Window(scratch), out value, out int consumed), consumed);
    }

    /// <summary>Reads a float 32/64 or an integer, as a <see cref="float"/> (float 64 values are rounded).</summary>
    public MessagePackReadStatus TryReadSingle(out float value)
    {
        var status = TryReadDouble(out double d);
        value = (float)d;
        return status;
    }

    /// <summary>Reads a string (validated UTF-8) or nil (<paramref name="value"/> null).</summary>
    public MessagePackReadStatus TryReadString(out string? value)
    {
        value = null;
        if (_reader.TryPeek(out byte code) && code == MessagePackCode.Nil)
        {
            _reader.Advance(1);
            return Success;
        }

        var status = TryReadPayload(isString: true, out int headerSize, out int length);
        if (status != Success)
        {
            return status;
        }

        ReadOnlySpan<byte> unread = _reader.UnreadSpan;
        bool valid = unread.Length >= headerSize + length
            ? TryDecodeUtf8(unread.Slice(headerSize, length), out value)
            : TryDecodeUtf8(_reader.UnreadSequence.Slice(headerSize, length), out value);
        if (!valid)
        {
            return InvalidData;
        }

        _reader.Advance(headerSize + length);
        return Success;
    }

    /// <summary>Reads a string's raw UTF-8 bytes without validating or decoding them (nil is a type mismatch).</summary>
    public MessagePackReadStatus TryReadStringBytes(out ReadOnlySequence<byte> utf8)
    {
        var status = TryReadPayload(isString: true, out int headerSize, out int length);
        utf8 = status == Success ? _reader.UnreadSequence.Slice(headerSize, length) : default;
        return Complete(status, headerSize + length);
    }

    /// <summary>
    /// Reads a string's raw UTF-8 bytes (not validated) when header and bytes lie in the current segment, the common
    /// case, without slicing the sequence; returns false and stays put otherwise (use <see cref="TryReadStringBytes"/>).
    /// </summary>
    internal bool TryReadContiguousString(out ReadOnlySpan<byte> utf8)
    {
        ReadOnlySpan<byte> unread = _reader.UnreadSpan;
        if (MessagePackDecoder.TryDecodeStringHeader(unread, out int length, out int headerSize) == Success
            && unread.Length - headerSize >= length)
        {
            utf8 = unread.Slice(headerSize, length);
            _reader.Advance(headerSize + length);
            return true;
        }

        utf8 = default;
        return false;
    }

    /// <summary>Reads a bin 8/16/32 value; the bytes are a slice of the input, not a copy.</summary>
    public MessagePackReadStatus TryReadBinary(out ReadOnlySequence<byte> bytes)
    {
        var status = TryReadPayload(isString: false, out int headerSize, out int length);
        bytes = status == Success ? _reader.UnreadSequence.Slice(headerSize, length) : default;
        return Complete(status, headerSize + length);
    }

    /// <summary>Reads an array header. A count larger than the bytes left (each element takes one at least) is <see cref="MessagePackReadStatus.InsufficientData"/>.</summary>
    public MessagePackReadStatus TryReadArrayHeader(out int count)
    {
        Span<byte> scratch = stackalloc byte[WindowSize];
        var status = MessagePackDecoder.TryDecodeArrayHeader(Window(scratch), out count, out int headerSize);
        if (status == Success && _reader.Remaining - headerSize < count)
        {
            status = InsufficientData;
        }

        return Complete(status, headerSize);
    }

    /// <summary>Reads a map header (the number of key/value pairs), checked against the bytes left like <see cref="TryReadArrayHeader"/>.</summary>
    public MessagePackReadStatus TryReadMapHeader(out int count)
    {
        Span<byte> scratch = stackalloc byte[WindowSize];
        var status = MessagePackDecoder.TryDecodeMapHeader(Window(scratch), out count, out int headerSize);
        if (status == Success && _reader.Remaining - headerSize < 2L * count)
        {
            status = InsufficientData;
        }

        return Complete(status, headerSize);
    }

    /// <summary>Reads an extension header; the data must already be buffered.</summary>
    public MessagePackReadStatus TryReadExtensionHeader(out MessagePackExtensionHeader header)
    {
        Span<byte> scratch = stackalloc byte[WindowSize];
        var status = MessagePackDecoder.TryDecodeExtensionHeader(Window(scratch), out header, out int headerSize);
        if (status == Success && _reader.Remaining - headerSize < header.Length)
        {
            status = InsufficientData;
        }

        return Complete(status, headerSize);
    }

    /// <summary>Reads a whole extension value; the data is a slice of the input.</summary>
    public MessagePackReadStatus TryReadExtension(out MessagePackExtensionHeader header, out ReadOnlySequence<byte> data)
    {
        Span<byte> scratch = stackalloc byte[WindowSize];
        var status = MessagePackDecoder.TryDecodeExtensionHeader(Window(scratch), out header, out int headerSize);
        data = default;
        if (status != Success)
        {
            return status;
        }

        if (_reader.Remaining - headerSize < header.Length)
        {
            return InsufficientData;
        }

        data = _reader.UnreadSequence.Slice(headerSize, header.Length);
        _reader.Advance(headerSize + header.Length);
        return Success;
    }

    /// <summary>Reads a timestamp extension in any of its three sizes.</summary>
    public MessagePackReadStatus TryReadTimestamp(out MessagePackTimestamp value)
    {
        Span<byte> scratch = stackalloc byte[WindowSize];
        return Complete(MessagePackDecoder.TryDecodeTimestamp(Window(scratch), out value, out int consumed), consumed);
    }

    /// <summary>Moves past one complete value, however deeply nested, without recursion. String contents are not validated.</summary>
    public MessagePackReadStatus TrySkip()
    {
        SequenceReader<byte> start = _reader;
        var status = SkipCore();
        if (status != Success)
        {
            _reader = start;
        }

        return status;
    }

    /// <summary>Moves past one complete value and returns its bytes (a slice of the input).</summary>
    public MessagePackReadStatus TryReadRaw(out ReadOnlySequence<byte> raw)
    {
        SequencePosition start = _reader.Position;
        var status = TrySkip();
        raw = status == Success ? _reader.Sequence.Slice(start, _reader.Position) : default;
        return status;
    }

    internal static bool TryDecodeUtf8(ReadOnlySpan<byte> utf8, out string? value)
    {
        try
        {
            value = StrictUtf8.GetString(utf8);
            return true;
        }
        catch (DecoderFallbackException)
        {
            value = null;
            return false;
        }
    }

    internal static bool TryDecodeUtf8(in ReadOnlySequence<byte> utf8, out string? value)
    {
        if (utf8.IsSingleSegment)
        {
            return TryDecodeUtf8(utf8.FirstSpan, out value);
        }

        try
        {
            value = StrictUtf8.GetString(utf8);
            return true;
        }
        catch (DecoderFallbackException)
        {
            value = null;
            return false;
        }
    }

    private static void ValidateMaximumDepth(int maximumDepth)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maximumDepth, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(maximumDepth, MaximumDepthLimit);
    }

    /// <summary>
    /// The next bytes: the current segment when it is long enough (or holds everything left), otherwise up to
    /// 16 bytes copied across segments into <paramref name="scratch"/>.
    /// </summary>
    private readonly ReadOnlySpan<byte> Window(Span<byte> scratch)
    {
        ReadOnlySpan<byte> unread = _reader.UnreadSpan;
        if (unread.Length >= WindowSize)
        {
            return unread;
        }

        long remaining = _reader.Remaining;
        if (unread.Length == remaining)
        {
            return unread;
        }

        Span<byte> window = scratch.Slice(0, (int)Math.Min(WindowSize, remaining));
        _reader.TryCopyTo(window);
        return window;
    }

    private MessagePackReadStatus Complete(MessagePackReadStatus status, int consumed)
    {
        if (status == Success)
        {
            _reader.Advance(consumed);
        }

        return status;
    }

    /// <summary>Decodes a str or bin header and checks that its payload is buffered.</summary>
    private readonly MessagePackReadStatus TryReadPayload(bool isString, out int headerSize, out int length)
    {
        Span<byte> scratch = stackalloc byte[WindowSize];
        ReadOnlySpan<byte> window = Window(scratch);
        var status = isString
            ? MessagePackDecoder.TryDecodeStringHeader(window, out length, out headerSize)
            : MessagePackDecoder.TryDecodeBinaryHeader(window, out length, out headerSize);
        if (status == Success && _reader.Remaining - headerSize < length)
        {
            status = InsufficientData;
        }

        if (status != Success)
        {
            headerSize = 0;
            length = 0;
        }

        return status;
    }

    private MessagePackReadStatus SkipCore()
    {
        // Pending element counts per open container; the stack's height is the nesting inside this value.
        int allowedNesting = MaximumDepth - Depth;
        Span<long> pending = stackalloc long[allowedNesting + 1];
        int top = 0;
        pending[0] = 1;
        Span<byte> scratch = stackalloc byte[WindowSize];
        while (true)
        {
            while (pending[top] == 0)
            {
                if (top == 0)
                {
                    return Success;
                }

                top--;
            }

            pending[top]--;
            ReadOnlySpan<byte> window = Window(scratch);
            if (window.IsEmpty)
            {
                return InsufficientData;
            }

            byte code = window[0];
            MessagePackType type = MessagePackCode.ToType(code);
            long children;
            int headerSize;
            long payload = 0;
            switch (type)
            {
                case MessagePackType.Array:
                {
                    var status = MessagePackDecoder.TryDecodeArrayHeader(window, out int count, out headerSize);
                    if (status != Success)
                    {
                        return status;
                    }

                    children = count;
                    break;
                }

                case MessagePackType.Map:
                {
                    var status = MessagePackDecoder.TryDecodeMapHeader(window, out int count, out headerSize);
                    if (status != Success)
                    {
                        return status;
                    }

                    children = 2L * count;
                    break;
                }

                case MessagePackType.Nil:
                case MessagePackType.Boolean:
                    children = 0;
                    headerSize = 1;
                    break;
                case MessagePackType.Integer:
                case MessagePackType.Float:
                    children = 0;
                    headerSize = code switch
                    {
                        MessagePackCode.UInt8 or MessagePackCode.Int8 => 2,
                        MessagePackCode.UInt16 or MessagePackCode.Int16 => 3,
                        MessagePackCode.UInt32 or MessagePackCode.Int32 or MessagePackCode.Float32 => 5,
                        MessagePackCode.UInt64 or MessagePackCode.Int64 or MessagePackCode.Float64 => 9,
                        _ => 1,
                    };
                    break;
                case MessagePackType.String:
                case MessagePackType.Binary:
                {
                    var status = type == MessagePackType.String
                        ? MessagePackDecoder.TryDecodeStringHeader(window, out int length, out headerSize)
                        : MessagePackDecoder.TryDecodeBinaryHeader(window, out length, out headerSize);
                    if (status != Success)
                    {
                        return status;
                    }

                    children = 0;
                    payload = length;
                    break;
                }

                case MessagePackType.Extension:
                {
                    var status = MessagePackDecoder.TryDecodeExtensionHeader(window, out var header, out headerSize);
                    if (status != Success)
                    {
                        return status;
                    }

                    children = 0;
                    payload = header.Length;
                    break;
                }

                default:
                    return InvalidData;
            }

            // Every element takes at least one byte, so a count beyond the bytes left cannot be satisfied yet.
            if (_reader.Remaining - headerSize < payload + children)
            {
                return InsufficientData;
            }

            _reader.Advance(headerSize + payload);
            if (children > 0)
            {
                if (top + 1 > allowedNesting)
                {
                    return DepthExceeded;
                }

                pending[++top] = children;
            }
        }
    }
}
