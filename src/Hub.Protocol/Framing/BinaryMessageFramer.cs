using System.Buffers;

namespace HubFramework.Protocol;

/// <summary>
/// Binary framing of the hub protocol: every message is preceded by its length as a VarInt (7 bits per byte,
/// least significant group first, high bit set on every byte but the last), 1 to 5 bytes, at most 0x7FFFFFFF.
/// </summary>
public static class BinaryMessageFramer
{
    /// <summary>The longest length prefix (5 bytes, for lengths up to 2 GB - 1).</summary>
    public const int MaxLengthPrefixSize = 5;

    /// <summary>
    /// Takes one complete length-prefixed message from the start of <paramref name="input"/> and advances
    /// <paramref name="input"/> past it. Returns false, leaving <paramref name="input"/> unchanged, when the prefix
    /// or the body is not completely buffered yet.
    /// </summary>
    /// <param name="input">Buffered bytes.</param>
    /// <param name="maximumMessageSize">Largest body accepted (bytes, prefix excluded); null for no limit.
    /// A prefix announcing more throws at once, before the body arrives.</param>
    /// <param name="payload">The body, without its prefix.</param>
    /// <exception cref="HubProtocolException">The prefix is malformed (longer than 5 bytes or above 0x7FFFFFFF)
    /// or announces more than <paramref name="maximumMessageSize"/>.</exception>
    public static bool TryParse(ref ReadOnlySequence<byte> input, long? maximumMessageSize, out ReadOnlySequence<byte> payload)
    {
        payload = default;
        if (!TryReadLengthPrefix(input, out var length, out var prefixSize))
        {
            return false;
        }

        if (maximumMessageSize is { } max && length > max)
        {
            throw TextMessageFramer.MessageTooLarge(max);
        }

        if (input.Length - prefixSize < length)
        {
            return false;
        }

        payload = input.Slice(prefixSize, length);
        input = input.Slice(payload.End);
        return true;
    }

    /// <summary>Number of bytes the prefix for <paramref name="length"/> takes (1 to 5).</summary>
    public static int GetLengthPrefixSize(int length)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        var size = 1;
        var value = (uint)length;
        while (value >= 0x80)
        {
            value >>= 7;
            size++;
        }

        return size;
    }

    /// <summary>Writes the prefix for a body of <paramref name="length"/> bytes into <paramref name="destination"/>.</summary>
    /// <returns>The number of bytes written (1 to 5).</returns>
    public static int WriteLengthPrefix(int length, Span<byte> destination)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        var value = (uint)length;
        var written = 0;
        while (value >= 0x80)
        {
            destination[written++] = (byte)(value | 0x80);
            value >>= 7;
        }

        destination[written++] = (byte)value;
        return written;
    }

    /// <summary>Writes the prefix for a body of <paramref name="length"/> bytes.</summary>
    public static void WriteLengthPrefix(int length, IBufferWriter<byte> output)
    {
        ArgumentNullException.ThrowIfNull(output);
        var span = output.GetSpan(MaxLengthPrefixSize);
        output.Advance(WriteLengthPrefix(length, span));
    }

    /// <summary>
    /// Reads the length prefix at the start of <paramref name="input"/>. Returns false when it is not completely
    /// buffered yet.
    /// </summary>
    /// <exception cref="HubProtocolException">The prefix is malformed.</exception>
    public static bool TryReadLengthPrefix(in ReadOnlySequence<byte> input, out int length, out int prefixSize)
    {
        Span<byte> prefix = stackalloc byte[MaxLengthPrefixSize];
        var available = (int)Math.Min(input.Length, MaxLengthPrefixSize);
        input.Slice(0, available).CopyTo(prefix);

        uint value = 0;
        for (var i = 0; i < available; i++)
        {
            var current = prefix[i];
            if (i == MaxLengthPrefixSize - 1 && current > 0x07)
            {
                // The fifth byte may only hold the top 3 bits of a 31-bit length.
                throw new HubProtocolException((current & 0x80) != 0
                    ? "The message length prefix is longer than 5 bytes."
                    : "The message length prefix announces a message of 2 GB or more.");
            }

            value |= (uint)(current & 0x7F) << (7 * i);
            if ((current & 0x80) == 0)
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
