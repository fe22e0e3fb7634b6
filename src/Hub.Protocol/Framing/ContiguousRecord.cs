using System.Buffers;

namespace HubFramework.Protocol;

/// <summary>
/// A text record as one span, for <c>Utf8JsonReader</c>. Its multi-segment mode throws
/// <c>IndexOutOfRangeException</c> on some malformed records that end exactly at a segment boundary (found by
/// fuzzing: a record "n" in a one-byte segment); reading one span avoids that path, and is faster too. Records that
/// span segments are rare (a message across pipe buffers), so copying those costs little.
/// </summary>
internal static class ContiguousRecord
{
    /// <summary>The record's bytes as one span; <paramref name="rented"/> must go back to the shared pool when not null.</summary>
    public static ReadOnlySpan<byte> Get(in ReadOnlySequence<byte> record, out byte[]? rented)
    {
        if (record.IsSingleSegment)
        {
            rented = null;
            return record.FirstSpan;
        }

        var length = checked((int)record.Length);
        rented = ArrayPool<byte>.Shared.Rent(length);
        record.CopyTo(rented);
        return rented.AsSpan(0, length);
    }

    public static void Return(byte[]? rented)
    {
        if (rented is not null)
        {
            ArrayPool<byte>.Shared.Return(rented);
        }
    }
}
