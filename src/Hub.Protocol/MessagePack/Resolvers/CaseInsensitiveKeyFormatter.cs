using System.Buffers;
using System.Text;
using MessagePack;
using MessagePack.Formatters;

namespace HubFramework.Protocol.MessagePack;

/// <summary>
/// An object formatter's reading side made case-insensitive for map keys. A map whose first key names a member
/// exactly is what a .NET writer sends (every key exact) and goes straight to the inner formatter; otherwise the keys
/// are checked, and if one matches a member only ignoring case, the map is copied with that key replaced by the
/// member's own and the inner formatter reads the copy.
/// </summary>
internal sealed class CaseInsensitiveKeyFormatter<T> : IMessagePackFormatter<T>
{
    private const int NoMember = -1;

    private readonly IMessagePackFormatter<T> _inner;
    private readonly byte[][] _keys;

    /// <summary>Per key: whether another key equals it ignoring case (then neither is matched by case).</summary>
    private readonly bool[] _ambiguous;

    public CaseInsensitiveKeyFormatter(IMessagePackFormatter<T> inner, byte[][] keys)
    {
        _inner = inner;
        _keys = keys;
        _ambiguous = new bool[keys.Length];
        for (int i = 0; i < keys.Length; i++)
        {
            for (int j = 0; j < keys.Length; j++)
            {
                _ambiguous[i] |= i != j && Ascii.EqualsIgnoreCase(keys[i], keys[j]);
            }
        }
    }

    public void Serialize(ref MessagePackWriter writer, T value, MessagePackSerializerOptions options) =>
        _inner.Serialize(ref writer, value, options);

    public T Deserialize(ref MessagePackReader reader, MessagePackSerializerOptions options)
    {
        if (reader.NextMessagePackType != MessagePackType.Map || !NeedsRenaming(reader.CreatePeekReader()))
        {
            return _inner.Deserialize(ref reader, options);
        }

        return DeserializeRenamed(ref reader, options);
    }

    private bool NeedsRenaming(MessagePackReader peek)
    {
        int count = peek.ReadMapHeader();
        for (int i = 0; i < count; i++)
        {
            if (peek.NextMessagePackType != MessagePackType.String)
            {
                // Not a string-keyed map: the inner formatter decides what to make of it.
                return false;
            }

            int member = peek.TryReadStringSpan(out var key) ? Find(key, out bool exact) : Find(peek.ReadStringSequence()!.Value.ToArray(), out exact);
            if (member != NoMember)
            {
                if (!exact)
                {
                    return true;
                }

                if (i == 0)
                {
                    // A map that starts with an exact member key comes from a .NET writer (ours, Microsoft's), which
                    // writes every key exactly: not scanning the rest keeps this formatter as fast as the inner one.
                    return false;
                }
            }

            peek.Skip();
        }

        return false;
    }

    private T DeserializeRenamed(ref MessagePackReader reader, MessagePackSerializerOptions options)
    {
        // Which members the map names exactly: a case-insensitive duplicate of one of those is not renamed onto it.
        Span<bool> present = _keys.Length <= 256 ? stackalloc bool[_keys.Length] : new bool[_keys.Length];
        var peek = reader.CreatePeekReader();
        int count = peek.ReadMapHeader();
        for (int i = 0; i < count; i++)
        {
            byte[] key = peek.ReadStringSequence()!.Value.ToArray();
            if (Find(key, out bool exact) is var member and not NoMember && exact)
            {
                present[member] = true;
            }

            peek.Skip();
        }

        var buffer = PooledBufferWriter.Rent();
        try
        {
            var writer = new MessagePackWriter(buffer);
            writer.WriteMapHeader(reader.ReadMapHeader());
            for (int i = 0; i < count; i++)
            {
                var key = reader.ReadStringSequence()!.Value;
                byte[] keyBytes = key.ToArray();
                int member = Find(keyBytes, out bool exact);
                if (member != NoMember && !exact && !present[member])
                {
                    writer.WriteString(_keys[member]);
                }
                else
                {
                    writer.WriteString(keyBytes);
                }

                writer.WriteRaw(reader.ReadRaw());
            }

            writer.Flush();
            var copy = new MessagePackReader(buffer.WrittenMemory) { Depth = reader.Depth };
            return _inner.Deserialize(ref copy, options);
        }
        finally
        {
            buffer.Return();
        }
    }

    /// <summary>The member <paramref name="key"/> names: exactly, or else ignoring ASCII case when that is unambiguous.</summary>
    private int Find(ReadOnlySpan<byte> key, out bool exact)
    {
        var keys = _keys;
        if (keys.Length > 0 && key.SequenceEqual(keys[0]))
        {
            // The first member's key: what a .NET writer sends first.
            exact = true;
            return 0;
        }

        for (int i = 0; i < keys.Length; i++)
        {
            if (key.SequenceEqual(keys[i]))
            {
                exact = true;
                return i;
            }
        }

        exact = false;
        for (int i = 0; i < keys.Length; i++)
        {
            if (!_ambiguous[i] && keys[i].Length == key.Length && Ascii.EqualsIgnoreCase(key, keys[i]))
            {
                return i;
            }
        }

        return NoMember;
    }
}
