using System.Buffers;

namespace HubFramework.Protocol.MessagePack;

/// <summary>
/// The binary framing of the hub protocol: each message is preceded by its length as a VarInt (7 bits per byte,
/// least significant group first, high bit set on every byte but the last), at most 5 bytes and below 2 GB.
/// </summary>
internal static class VarIntLengthPrefix
{
    public const int MaxSize = 5;

    /// <summary>Reads the prefix at the start of <paramref name="input"/>; false when it is not complete yet.</summary>
    /// <exception cref="HubProtocolException">The prefix is longer than 5 bytes or announces 2 GB or more.</exception>
    public static bool TryRead(in ReadOnlySequence<byte> input, out int length, out int prefixSize)
    {
        ReadOnlySpan<byte> first = input.FirstSpan;
        if (first.Length >= MaxSize || input.IsSingleSegment)
        {
            return TryRead(first, out length, out prefixSize);
        }

        Span<byte> copy = stackalloc byte[MaxSize];
        int available = (int)Math.Min(MaxSize, input.Length);
        input.Slice(0, available).CopyTo(copy);
        return TryRead(copy.Slice(0, available), out length, out prefixSize);
    }

    /// <summary>Writes <paramref name="length"/> and returns the number of bytes used (1 to 5).</summary>
    public static int Write(Span<byte> destination, int length)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        uint value = (uint)length;
        int size = 0;
        while (value >= 0x80)
        {
            destination[size++] = (byte)(value | 0x80);
            value >>= 7;
        }

        destination[size++] = (byte)value;
        return size;
    }

    /// <summary>The number of bytes <see cref="Write"/> uses for <paramref name="length"/>.</summary>
    public static int SizeOf(int length) => length switch
    {
        < 1 << 7 => 1,
        < 1 << 14 => 2,
        < 1 << 21 => 3,
        < 1 << 28 => 4,
        _ => 5,
    };

    private static bool TryRead(ReadOnlySpan<byte> bytes, out int length, out int prefixSize)
    {
        uint value = 0;
        for (int i = 0; i < MaxSize; i++)
        {
            if (i >= bytes.Length)
            {
                break;
            }

            byte b = bytes[i];
            if (i == MaxSize - 1 && b > 0x07)
            {
                throw new HubProtocolException((b & 0x80) != 0
                    ? "The message length prefix is longer than 5 bytes."
                    : "The message length prefix announces a message of 2 GB or more.");
            }

            value |= (uint)(b & 0x7f) << (7 * i);
            if ((b & 0x80) == 0)
            {
                length = (int)value;
                prefixSize = i + 1;
                return true;
            }
        }

        length = 0;
        prefixSize = 0;
        return false;
    }
}
