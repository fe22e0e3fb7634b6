using System.Buffers;
using System.Text;
using System.Text.Unicode;

namespace HubFramework.Protocol.Json;

/// <summary>
/// Checks that text records are valid UTF-8 before they are parsed: <see cref="System.Text.Json.Utf8JsonReader"/>
/// does not validate string contents while reading, and a bad string must be a protocol error, not a binding error.
/// </summary>
internal static class Utf8Validation
{
    /// <summary>Throws when <paramref name="text"/> is not valid UTF-8, naming the offset of the first bad byte.</summary>
    public static void ThrowIfInvalid(in ReadOnlySequence<byte> text, string what)
    {
        if (text.IsSingleSegment ? Utf8.IsValid(text.FirstSpan) : IsValidMultiSegment(text))
        {
            return;
        }

        // Error path only: the record is already bounded by the maximum message size.
        throw Invalid(text.ToArray(), what);
    }

    /// <summary>Throws when <paramref name="text"/> is not valid UTF-8, naming the offset of the first bad byte.</summary>
    public static void ThrowIfInvalid(ReadOnlySpan<byte> text, string what)
    {
        if (!Utf8.IsValid(text))
        {
            throw Invalid(text, what);
        }
    }

    private static HubProtocolException Invalid(ReadOnlySpan<byte> text, string what) =>
        new($"{what} is not valid UTF-8 (invalid byte sequence at offset {FindFirstInvalidOffset(text)}).");

    private static bool IsValidMultiSegment(in ReadOnlySequence<byte> text)
    {
        // A character may straddle segments: its first bytes wait in 'pending' until the rest arrives.
        Span<byte> pending = stackalloc byte[4];
        var pendingLength = 0;
        foreach (var memory in text)
        {
            var span = memory.Span;
            while (pendingLength > 0 && !span.IsEmpty)
            {
                pending[pendingLength++] = span[0];
                span = span[1..];
                var status = Rune.DecodeFromUtf8(pending[..pendingLength], out _, out _);
                if (status == OperationStatus.Done)
                {
                    pendingLength = 0;
                }
                else if (status != OperationStatus.NeedMoreData || pendingLength == 4)
                {
                    return false;
                }
            }

            var complete = span.Length - IncompleteTailLength(span);
            if (!Utf8.IsValid(span[..complete]))
            {
                return false;
            }

            span[complete..].CopyTo(pending[pendingLength..]);
            pendingLength += span.Length - complete;
        }

        return pendingLength == 0;
    }

    /// <summary>Bytes at the end of <paramref name="span"/> that begin a multi-byte character but do not finish it.</summary>
    private static int IncompleteTailLength(ReadOnlySpan<byte> span)
    {
        for (var back = 1; back <= Math.Min(3, span.Length); back++)
        {
            var current = span[^back];
            if ((current & 0xC0) == 0x80)
            {
                continue; // a continuation byte: keep looking for the lead byte
            }

            var needed = current >= 0xF0 ? 4 : current >= 0xE0 ? 3 : current >= 0xC0 ? 2 : 1;
            return needed > back ? back : 0;
        }

        return 0;
    }

    private static int FindFirstInvalidOffset(ReadOnlySpan<byte> bytes)
    {
        var offset = 0;
        while (offset < bytes.Length)
        {
            if (Rune.DecodeFromUtf8(bytes[offset..], out _, out var consumed) != OperationStatus.Done)
            {
                return offset;
            }

            offset += consumed;
        }

        return offset;
    }
}
