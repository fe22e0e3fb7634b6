using System.Buffers;

namespace HubFramework.Protocol;

/// <summary>
/// Text framing of the hub protocol: every record (handshake or JSON hub message) ends with the ASCII record
/// separator 0x1E. The separator never occurs inside valid JSON text, so no escaping is needed.
/// </summary>
public static class TextMessageFramer
{
    /// <summary>The record separator (ASCII RS, 0x1E) that ends every text record.</summary>
    public const byte RecordSeparator = 0x1E;

    /// <summary>
    /// Takes one complete record from the start of <paramref name="input"/> and advances <paramref name="input"/>
    /// past it and its separator. Returns false, leaving <paramref name="input"/> unchanged, when no separator is
    /// buffered yet.
    /// </summary>
    /// <param name="input">Buffered bytes.</param>
    /// <param name="maximumMessageSize">Largest record accepted, separator excluded (bytes); null for no limit.</param>
    /// <param name="payload">The record without its separator.</param>
    /// <exception cref="HubProtocolException">The record is longer than <paramref name="maximumMessageSize"/>,
    /// or more than that many bytes are buffered without a separator.</exception>
    public static bool TryParse(ref ReadOnlySequence<byte> input, long? maximumMessageSize, out ReadOnlySequence<byte> payload)
    {
        // Search at most limit + 1 bytes: a separator further out means the record is too long anyway,
        // and an attacker who never sends one cannot make us scan (or buffer) more than that.
        var searched = input;
        if (maximumMessageSize is { } limit && searched.Length > limit + 1)
        {
            searched = searched.Slice(0, limit + 1);
        }

        var position = searched.PositionOf(RecordSeparator);
        if (position is null)
        {
            if (maximumMessageSize is { } max && input.Length > max)
            {
                throw MessageTooLarge(max);
            }

            payload = default;
            return false;
        }

        payload = input.Slice(0, position.Value);
        input = input.Slice(input.GetPosition(1, position.Value));
        return true;
    }

    /// <summary>Writes the record separator that ends a record.</summary>
    public static void WriteRecordSeparator(IBufferWriter<byte> output)
    {
        ArgumentNullException.ThrowIfNull(output);
        var span = output.GetSpan(1);
        span[0] = RecordSeparator;
        output.Advance(1);
    }

    internal static HubProtocolException MessageTooLarge(long maximumMessageSize) =>
        new($"The maximum message size of {maximumMessageSize}B was exceeded.");
}
