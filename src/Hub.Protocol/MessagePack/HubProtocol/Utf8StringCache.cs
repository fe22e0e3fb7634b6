using System.Buffers;
using System.Text;
using System.Text.Unicode;

namespace HubFramework.Protocol.MessagePack;

/// <summary>
/// Method names recur in almost every message: a small direct-mapped cache turns their UTF-8 bytes back into the
/// same string instance without allocating. Bounded (256 slots, names up to 64 bytes); a miss replaces its slot,
/// so hostile input can only cost the allocation it would have cost anyway. Thread-safe: entries are immutable.
/// </summary>
internal sealed class Utf8StringCache
{
    private const int Slots = 256;
    private const int MaxLength = 64;

    private readonly Entry?[] _entries = new Entry?[Slots];

    /// <summary>The string for <paramref name="utf8"/>; false when the bytes are not valid UTF-8.</summary>
    public bool TryGet(ReadOnlySpan<byte> utf8, out string? value)
    {
        if (utf8.Length > MaxLength)
        {
            return TryDecode(utf8, out value);
        }

        var hash = new HashCode();
        hash.AddBytes(utf8);
        ref Entry? slot = ref _entries[hash.ToHashCode() & (Slots - 1)];
        var entry = Volatile.Read(ref slot);
        if (entry is not null && utf8.SequenceEqual(entry.Utf8))
        {
            value = entry.Value;
            return true;
        }

        if (!TryDecode(utf8, out value))
        {
            return false;
        }

        Volatile.Write(ref slot, new Entry(utf8.ToArray(), value!));
        return true;
    }

    /// <summary>Decodes strictly: invalid UTF-8 is refused rather than replaced, since it is a protocol error in an envelope field.</summary>
    public static bool TryDecode(ReadOnlySpan<byte> utf8, out string? value)
    {
        if (!Utf8.IsValid(utf8))
        {
            value = null;
            return false;
        }

        value = Encoding.UTF8.GetString(utf8);
        return true;
    }

    /// <summary>As <see cref="TryDecode(ReadOnlySpan{byte}, out string?)"/>, for a string split across buffer segments.</summary>
    public static bool TryDecode(in ReadOnlySequence<byte> utf8, out string? value)
    {
        if (utf8.IsSingleSegment)
        {
            return TryDecode(utf8.FirstSpan, out value);
        }

        // Rare (a string straddling two receive buffers), and bounded by the maximum message size.
        byte[] rented = ArrayPool<byte>.Shared.Rent((int)utf8.Length);
        try
        {
            utf8.CopyTo(rented);
            return TryDecode(rented.AsSpan(0, (int)utf8.Length), out value);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(rented);
        }
    }

    private sealed record Entry(byte[] Utf8, string Value);
}
