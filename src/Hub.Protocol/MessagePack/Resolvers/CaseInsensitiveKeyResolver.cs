using System.Buffers;
using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using MessagePack;
using MessagePack.Formatters;

namespace HubFramework.Protocol.MessagePack;

/// <summary>
/// Wraps a resolver so that objects written as maps also bind when a key differs from the member's key only in
/// ASCII case (<c>name</c> for <c>Name</c>). Writing is untouched: the bytes are the inner formatter's. Only the
/// formatters the inner resolver generates at run time for object types (the contractless and attribute-driven
/// object formatters) are wrapped; built-in, collection and user formatters are returned as they are.
/// </summary>
/// <remarks>
/// A type's keys are learned once, from what its formatter writes for an uninitialized instance, so they are the
/// formatter's own (member names, <c>[Key("…")]</c>, <c>[DataMember(Name = …)]</c>) without re-implementing its
/// rules; a type whose formatter cannot write such an instance is not wrapped. A key that matches a member exactly
/// always wins; keys that differ from several members only in case, or whose member is also present exactly, are
/// left alone (and ignored by the inner formatter, as before). A map whose first key names a member exactly is taken
/// to come from a .NET writer and is bound exactly, without looking at its other keys: that keeps reading .NET
/// clients' objects as fast as the inner formatter (a JavaScript object's keys are all camelCase, so its first key
/// already differs).
/// </remarks>
public sealed class CaseInsensitiveKeyResolver : IFormatterResolver
{
    private readonly IFormatterResolver _inner;
    private readonly ConcurrentDictionary<Type, object?> _formatters = new();

    /// <summary>Wraps <paramref name="inner"/>.</summary>
    public CaseInsensitiveKeyResolver(IFormatterResolver inner)
    {
        ArgumentNullException.ThrowIfNull(inner);
        _inner = inner;
    }

    /// <inheritdoc />
    public IMessagePackFormatter<T>? GetFormatter<T>()
    {
        // Composite resolvers (ours, the package's) cache per type, so this lookup is not on the per-message path.
        return (IMessagePackFormatter<T>?)_formatters.GetOrAdd(typeof(T), static (_, resolver) => resolver.Create<T>(), this);
    }

    private object? Create<T>()
    {
        var formatter = _inner.GetFormatter<T>();
        if (formatter is null || !formatter.GetType().Assembly.IsDynamic)
        {
            return formatter;
        }

        var keys = LearnKeys(formatter);
        return keys is { Length: > 0 } ? new CaseInsensitiveKeyFormatter<T>(formatter, keys) : formatter;
    }

    /// <summary>The map keys <paramref name="formatter"/> writes, as UTF-8; null when it writes no string-keyed map.</summary>
    private byte[][]? LearnKeys<T>(IMessagePackFormatter<T> formatter)
    {
        try
        {
            T sample = typeof(T).IsValueType ? default! : (T)RuntimeHelpers.GetUninitializedObject(typeof(T));
            var buffer = new ArrayBufferWriter<byte>(256);
            var writer = new MessagePackWriter(buffer);
            formatter.Serialize(ref writer, sample, MessagePackSerializerOptions.Standard.WithResolver(_inner));
            writer.Flush();

            var reader = new MessagePackReader(buffer.WrittenMemory);
            if (reader.NextMessagePackType != MessagePackType.Map)
            {
                return null;
            }

            int count = reader.ReadMapHeader();
            var keys = new byte[count][];
            for (int i = 0; i < count; i++)
            {
                if (reader.NextMessagePackType != MessagePackType.String)
                {
                    return null;
                }

                keys[i] = reader.ReadStringSequence()!.Value.ToArray();
                reader.Skip();
            }

            return keys;
        }
        catch (Exception)
        {
            // A getter that needs a constructed instance, an abstract type, …: keep the inner formatter's exact matching.
            return null;
        }
    }
}
