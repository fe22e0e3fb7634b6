using System.Collections.Concurrent;
using System.Text.Json;

namespace HubFramework.Protocol.Json;

/// <summary>
/// Reuses the strings of method names: a hub has a handful of methods, so after the first message a target is read
/// without allocating. Bounded, so a peer sending random names cannot grow it; beyond the bound names are simply
/// allocated each time.
/// </summary>
internal sealed class TargetNameCache
{
    private const int MaxEntries = 512;
    private const int MaxNameLength = 128;

    private readonly ConcurrentDictionary<string, string> _names = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, string>.AlternateLookup<ReadOnlySpan<char>> _lookup;

    public TargetNameCache()
    {
        _lookup = _names.GetAlternateLookup<ReadOnlySpan<char>>();
    }

    /// <summary>Reads the string token at <paramref name="reader"/>.</summary>
    public string Read(ref Utf8JsonReader reader)
    {
        var length = reader.HasValueSequence ? reader.ValueSequence.Length : reader.ValueSpan.Length;
        if (length > MaxNameLength)
        {
            return reader.GetString()!;
        }

        // UTF-8 never has fewer bytes than UTF-16 code units, and unescaping only shrinks text.
        Span<char> buffer = stackalloc char[MaxNameLength];
        var name = buffer[..reader.CopyString(buffer)];
        if (_lookup.TryGetValue(name, out var cached))
        {
            return cached;
        }

        var created = name.ToString();
        if (_names.Count < MaxEntries)
        {
            _names.TryAdd(created, created);
        }

        return created;
    }
}
