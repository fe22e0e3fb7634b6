using System.Buffers.Binary;
using static HubFramework.Protocol.MessagePack.MessagePackReadStatus;

namespace HubFramework.Protocol.MessagePack;

/// <summary>
/// Decodes single tokens from a span that may be shorter than the token (then <see cref="InsufficientData"/>).
/// <see cref="MessagePackReader"/> hands it a window of at most 16 bytes, enough for every header and every
/// fixed-size value including the 96-bit timestamp.
/// </summary>
internal static class MessagePackDecoder
{
    /// <summary>Bytes needed to decode any header or fixed-size value (ext 8 header + 12-byte timestamp).</summary>
    public const int MaxTokenSize = 15;

    public static MessagePackReadStatus TryDecodeNil(ReadOnlySpan<byte> s, out int consumed)
    {
        consumed = 0;
        if (s.IsEmpty)
        {
            return InsufficientData;
        }

        if (s[0] != MessagePackCode.Nil)
        {
            return Mismatch(s[0]);
        }

        consumed = 1;
        return Success;
    }

    public static MessagePackReadStatus TryDecodeBoolean(ReadOnlySpan<byte> s, out bool value, out int consumed)
    {
        value = false;
        consumed = 0;
        if (s.IsEmpty)
        {
            return InsufficientData;
        }

        switch (s[0])
        {
            case MessagePackCode.True:
                value = true;
                break;
            case MessagePackCode.False:
                break;
            default:
                return Mismatch(s[0]);
        }

        consumed = 1;
        return Success;
    }

    public static MessagePackReadStatus TryDecodeInt64(ReadOnlySpan<byte> s, out long value, out int consumed)
    {
        var status = TryDecodeInteger(s, out value, out _, out bool isLarge, out consumed);
        if (status == Success && isLarge)
        {
            consumed = 0;
            value = 0;
            return Overflow;
        }

        return status;
    }

    public static MessagePackReadStatus TryDecodeUInt64(ReadOnlySpan<byte> s, out ulong value, out int consumed)
    {
        var status = TryDecodeInteger(s, out long small, out ulong large, out bool isLarge, out consumed);
        if (status != Success)
        {
            value = 0;
            return status;
        }

        if (isLarge)
        {
            value = large;
            return Success;
        }

        if (small < 0)
        {
            consumed = 0;
            value = 0;
            return Overflow;
        }

        value = (ulong)small;
        return Success;
    }

    /// <summary>Any integer format. Values above <see cref="long.MaxValue"/> come back in <paramref name="large"/>.</summary>
    public static MessagePackReadStatus TryDecodeInteger(ReadOnlySpan<byte> s, out long value, out ulong large, out bool isLarge, out int consumed)
    {
        value = 0;
        large = 0;
        isLarge = false;
        consumed = 0;
        if (s.IsEmpty)
        {
            return InsufficientData;
        }

        byte code = s[0];
        if (code <= MessagePackCode.MaxPositiveFixInt)
        {
            value = code;
            consumed = 1;
            return Success;
        }

        if (code >= MessagePackCode.MinNegativeFixInt)
        {
            value = (sbyte)code;
            consumed = 1;
            return Success;
        }

        int size = code switch
        {
            MessagePackCode.UInt8 or MessagePackCode.Int8 => 1,
            MessagePackCode.UInt16 or MessagePackCode.Int16 => 2,
            MessagePackCode.UInt32 or MessagePackCode.Int32 => 4,
            MessagePackCode.UInt64 or MessagePackCode.Int64 => 8,
            _ => 0,
        };
        if (size == 0)
        {
            return Mismatch(code);
        }

        if (s.Length < 1 + size)
        {
            return InsufficientData;
        }

        ReadOnlySpan<byte> body = s.Slice(1, size);
        switch (code)
        {
            case MessagePackCode.UInt8: value = body[0]; break;
            case MessagePackCode.UInt16: value = BinaryPrimitives.ReadUInt16BigEndian(body); break;
            case MessagePackCode.UInt32: value = BinaryPrimitives.ReadUInt32BigEndian(body); break;
            case MessagePackCode.UInt64:
                ulong u = BinaryPrimitives.ReadUInt64BigEndian(body);
                if (u > long.MaxValue)
                {
                    large = u;
                    isLarge = true;
                }
                else
                {
                    value = (long)u;
                }

                break;
            case MessagePackCode.Int8: value = (sbyte)body[0]; break;
            case MessagePackCode.Int16: value = BinaryPrimitives.ReadInt16BigEndian(body); break;
            case MessagePackCode.Int32: value = BinaryPrimitives.ReadInt32BigEndian(body); break;
            default: value = BinaryPrimitives.ReadInt64BigEndian(body); break;
        }

        consumed = 1 + size;
        return Success;
    }

    /// <summary>float 32/64, or any integer (converted).</summary>
    public static MessagePackReadStatus TryDecodeDouble(ReadOnlySpan<byte> s, out double value, out int consumed)
    {
        value = 0;
        consumed = 0;
        if (s.IsEmpty)
        {
            return InsufficientData;
        }

        switch (s[0])
        {
            case MessagePackCode.Float32:
                if (s.Length < 5)
                {
                    return InsufficientData;
                }

                value = BinaryPrimitives.ReadSingleBigEndian(s.Slice(1));
                consumed = 5;
                return Success;
            case MessagePackCode.Float64:
                if (s.Length < 9)
                {
                    return InsufficientData;
                }

                value = BinaryPrimitives.ReadDoubleBigEndian(s.Slice(1));
                consumed = 9;
                return Success;
        }

        var status = TryDecodeInteger(s, out long small, out ulong large, out bool isLarge, out consumed);
        if (status == Success)
        {
            value = isLarge ? large : small;
        }

        return status;
    }

    public static MessagePackReadStatus TryDecodeStringHeader(ReadOnlySpan<byte> s, out int length, out int headerSize)
    {
        length = 0;
        headerSize = 0;
        if (s.IsEmpty)
        {
            return InsufficientData;
        }

        byte code = s[0];
        if (code is >= MessagePackCode.MinFixStr and <= MessagePackCode.MaxFixStr)
        {
            length = code & 0x1f;
            headerSize = 1;
            return Success;
        }

        return code switch
        {
            MessagePackCode.Str8 => TryDecodeLength(s, 1, out length, out headerSize),
            MessagePackCode.Str16 => TryDecodeLength(s, 2, out length, out headerSize),
            MessagePackCode.Str32 => TryDecodeLength(s, 4, out length, out headerSize),
            _ => Mismatch(code),
        };
    }

    public static MessagePackReadStatus TryDecodeBinaryHeader(ReadOnlySpan<byte> s, out int length, out int headerSize)
    {
        length = 0;
        headerSize = 0;
        if (s.IsEmpty)
        {
            return InsufficientData;
        }

        return s[0] switch
        {
            MessagePackCode.Bin8 => TryDecodeLength(s, 1, out length, out headerSize),
            MessagePackCode.Bin16 => TryDecodeLength(s, 2, out length, out headerSize),
            MessagePackCode.Bin32 => TryDecodeLength(s, 4, out length, out headerSize),
            _ => Mismatch(s[0]),
        };
    }

    public static MessagePackReadStatus TryDecodeArrayHeader(ReadOnlySpan<byte> s, out int count, out int headerSize)
    {
        count = 0;
        headerSize = 0;
        if (s.IsEmpty)
        {
            return InsufficientData;
        }

        byte code = s[0];
        if (code is >= MessagePackCode.MinFixArray and <= MessagePackCode.MaxFixArray)
        {
            count = code & 0x0f;
            headerSize = 1;
            return Success;
        }

        return code switch
        {
            MessagePackCode.Array16 => TryDecodeLength(s, 2, out count, out headerSize),
            MessagePackCode.Array32 => TryDecodeLength(s, 4, out count, out headerSize),
            _ => Mismatch(code),
        };
    }

    public static MessagePackReadStatus TryDecodeMapHeader(ReadOnlySpan<byte> s, out int count, out int headerSize)
    {
        count = 0;
        headerSize = 0;
        if (s.IsEmpty)
        {
            return InsufficientData;
        }

        byte code = s[0];
        if (code is >= MessagePackCode.MinFixMap and <= MessagePackCode.MaxFixMap)
        {
            count = code & 0x0f;
            headerSize = 1;
            return Success;
        }

        return code switch
        {
            MessagePackCode.Map16 => TryDecodeLength(s, 2, out count, out headerSize),
            MessagePackCode.Map32 => TryDecodeLength(s, 4, out count, out headerSize),
            _ => Mismatch(code),
        };
    }

    public static MessagePackReadStatus TryDecodeExtensionHeader(ReadOnlySpan<byte> s, out MessagePackExtensionHeader header, out int headerSize)
    {
        header = default;
        headerSize = 0;
        if (s.IsEmpty)
        {
            return InsufficientData;
        }

        byte code = s[0];
        int fixedLength = code switch
        {
            MessagePackCode.FixExt1 => 1,
            MessagePackCode.FixExt2 => 2,
            MessagePackCode.FixExt4 => 4,
            MessagePackCode.FixExt8 => 8,
            MessagePackCode.FixExt16 => 16,
            _ => 0,
        };
        if (fixedLength > 0)
        {
            if (s.Length < 2)
            {
                return InsufficientData;
            }

            header = new MessagePackExtensionHeader((sbyte)s[1], (uint)fixedLength);
            headerSize = 2;
            return Success;
        }

        int lengthSize = code switch
        {
            MessagePackCode.Ext8 => 1,
            MessagePackCode.Ext16 => 2,
            MessagePackCode.Ext32 => 4,
            _ => 0,
        };
        if (lengthSize == 0)
        {
            return Mismatch(code);
        }

        var status = TryDecodeLength(s, lengthSize, out int length, out int sizeOfLength);
        if (status != Success)
        {
            return status;
        }

        if (s.Length < sizeOfLength + 1)
        {
            return InsufficientData;
        }

        header = new MessagePackExtensionHeader((sbyte)s[sizeOfLength], (uint)length);
        headerSize = sizeOfLength + 1;
        return Success;
    }

    public static MessagePackReadStatus TryDecodeTimestamp(ReadOnlySpan<byte> s, out MessagePackTimestamp value, out int consumed)
    {
        value = default;
        consumed = 0;
        var status = TryDecodeExtensionHeader(s, out var header, out int headerSize);
        if (status != Success)
        {
            return status;
        }

        if (header.TypeCode != MessagePackCode.TimestampExtensionType)
        {
            return TypeMismatch;
        }

        if (header.Length is not (4 or 8 or 12))
        {
            return InvalidData;
        }

        if (s.Length < headerSize + (int)header.Length)
        {
            return InsufficientData;
        }

        ReadOnlySpan<byte> body = s.Slice(headerSize, (int)header.Length);
        long seconds;
        uint nanoseconds;
        switch (body.Length)
        {
            case 4:
                seconds = BinaryPrimitives.ReadUInt32BigEndian(body);
                nanoseconds = 0;
                break;
            case 8:
                ulong packed = BinaryPrimitives.ReadUInt64BigEndian(body);
                nanoseconds = (uint)(packed >> 34);
                seconds = (long)(packed & 0x3_FFFF_FFFFUL);
                break;
            default:
                nanoseconds = BinaryPrimitives.ReadUInt32BigEndian(body);
                seconds = BinaryPrimitives.ReadInt64BigEndian(body.Slice(4));
                break;
        }

        if (nanoseconds >= 1_000_000_000)
        {
            return InvalidData;
        }

        value = new MessagePackTimestamp(seconds, nanoseconds);
        consumed = headerSize + body.Length;
        return Success;
    }

    /// <summary>Reads a big-endian length of 1, 2 or 4 bytes after the code byte.</summary>
    private static MessagePackReadStatus TryDecodeLength(ReadOnlySpan<byte> s, int lengthSize, out int length, out int headerSize)
    {
        length = 0;
        headerSize = 0;
        if (s.Length < 1 + lengthSize)
        {
            return InsufficientData;
        }

        uint value = lengthSize switch
        {
            1 => s[1],
            2 => BinaryPrimitives.ReadUInt16BigEndian(s.Slice(1)),
            _ => BinaryPrimitives.ReadUInt32BigEndian(s.Slice(1)),
        };
        if (value > int.MaxValue)
        {
            // No buffer this library handles can hold 2 GB or more in one value.
            return InvalidData;
        }

        length = (int)value;
        headerSize = 1 + lengthSize;
        return Success;
    }

    private static MessagePackReadStatus Mismatch(byte code) => code == MessagePackCode.NeverUsed ? InvalidData : TypeMismatch;
}
