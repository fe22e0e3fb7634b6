using System.Text.Json.Serialization.Metadata;

namespace HubFramework.Protocol.MessagePack;

/// <summary>
/// Dictionaries as maps with keys in their own MessagePack type (strings for string keys). Read into a Dictionary
/// when the type accepts one, into a created instance through its indexer otherwise, else through the JSON contract.
/// Duplicate keys: the last one wins.
/// </summary>
internal sealed class DictionaryConverter<TDictionary, TKey, TValue> : MessagePackConverter<TDictionary>
    where TDictionary : IEnumerable<KeyValuePair<TKey, TValue>>
    where TKey : notnull
{
    private readonly MessagePackSerializer _serializer;
    private readonly JsonTypeInfo<TDictionary> _typeInfo;
    private readonly Func<object>? _create;
    private MessagePackConverter<TKey>? _key;
    private MessagePackConverter<TValue>? _value;
    private JsonTranscodingConverter<TDictionary>? _fallback;

    public DictionaryConverter(MessagePackSerializer serializer, JsonTypeInfo<TDictionary> typeInfo)
    {
        _serializer = serializer;
        _typeInfo = typeInfo;
        if (typeInfo.CreateObject is not null && typeof(IDictionary<TKey, TValue>).IsAssignableFrom(typeof(TDictionary)))
        {
            _create = ((JsonTypeInfo)typeInfo).CreateObject;
        }
    }

    private MessagePackConverter<TKey> Key => _key ??= _serializer.GetConverter<TKey>();

    private MessagePackConverter<TValue> Value => _value ??= _serializer.GetConverter<TValue>();

    protected override void Write(ref MessagePackWriter writer, TDictionary value)
    {
        var key = Key;
        var item = Value;
        int count = value switch
        {
            ICollection<KeyValuePair<TKey, TValue>> collection => collection.Count,
            IReadOnlyCollection<KeyValuePair<TKey, TValue>> collection => collection.Count,
            _ => value.Count(),
        };
        writer.WriteMapHeader(count);
        writer.IncrementDepth();
        int written = 0;
        foreach (var pair in value)
        {
            if (++written > count)
            {
                throw new MessagePackSerializationException($"{typeof(TDictionary).Name} yielded more entries than its Count.");
            }

            key.WriteValue(ref writer, pair.Key);
            item.WriteValue(ref writer, pair.Value);
        }

        if (written != count)
        {
            throw new MessagePackSerializationException($"{typeof(TDictionary).Name} yielded fewer entries than its Count.");
        }

        writer.DecrementDepth();
    }

    protected override TDictionary Read(ref MessagePackReader reader)
    {
        IDictionary<TKey, TValue> target;
        if (typeof(TDictionary).IsAssignableFrom(typeof(Dictionary<TKey, TValue>)))
        {
            if (reader.NextType != MessagePackType.Map)
            {
                throw Mismatch(ref reader, typeof(TDictionary).Name);
            }

            int entries = reader.ReadMapHeader();
            var dictionary = new Dictionary<TKey, TValue>(entries);
            Fill(ref reader, dictionary, entries);
            return (TDictionary)(object)dictionary;
        }

        if (_create is null)
        {
            _fallback ??= new JsonTranscodingConverter<TDictionary>(_typeInfo);
            return _fallback.ReadValue(ref reader);
        }

        if (reader.NextType != MessagePackType.Map)
        {
            throw Mismatch(ref reader, typeof(TDictionary).Name);
        }

        int count = reader.ReadMapHeader();
        target = (IDictionary<TKey, TValue>)_create();
        Fill(ref reader, target, count);
        return (TDictionary)(object)target;
    }

    private void Fill(ref MessagePackReader reader, IDictionary<TKey, TValue> target, int count)
    {
        var key = Key;
        var value = Value;
        reader.IncrementDepth();
        for (int i = 0; i < count; i++)
        {
            var k = key.ReadValue(ref reader) ?? throw new MessagePackSerializationException("A map key is nil, which a dictionary cannot hold.");
            target[k] = value.ReadValue(ref reader);
        }

        reader.DecrementDepth();
    }
}
