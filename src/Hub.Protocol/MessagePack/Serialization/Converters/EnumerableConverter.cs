using System.Text.Json.Serialization.Metadata;

namespace HubFramework.Protocol.MessagePack;

/// <summary>
/// Other collections: written from any <see cref="IEnumerable{T}"/>; read into a List when the type accepts one
/// (IEnumerable, IList, IReadOnlyList…), into a new instance filled through <see cref="ICollection{T}.Add"/> when
/// the contract can create one (HashSet, custom collections), and otherwise through the JSON contract (immutable collections).
/// </summary>
internal sealed class EnumerableConverter<TCollection, TElement> : MessagePackConverter<TCollection>
    where TCollection : IEnumerable<TElement>
{
    private readonly MessagePackSerializer _serializer;
    private readonly Func<object>? _create;
    private readonly JsonTypeInfo<TCollection> _typeInfo;
    private MessagePackConverter<TElement>? _element;
    private JsonTranscodingConverter<TCollection>? _fallback;

    public EnumerableConverter(MessagePackSerializer serializer, JsonTypeInfo<TCollection> typeInfo)
    {
        _serializer = serializer;
        _typeInfo = typeInfo;
        if (typeInfo.CreateObject is not null && typeof(ICollection<TElement>).IsAssignableFrom(typeof(TCollection)))
        {
            _create = ((JsonTypeInfo)typeInfo).CreateObject;
        }
    }

    private MessagePackConverter<TElement> Element => _element ??= _serializer.GetConverter<TElement>();

    protected override void Write(ref MessagePackWriter writer, TCollection value)
    {
        var element = Element;
        int count = value switch
        {
            ICollection<TElement> collection => collection.Count,
            IReadOnlyCollection<TElement> collection => collection.Count,
            _ => -1,
        };
        if (count < 0)
        {
            var buffered = value.ToList();
            ListConverterWrite(ref writer, buffered, element);
            return;
        }

        writer.WriteArrayHeader(count);
        writer.IncrementDepth();
        int written = 0;
        foreach (var item in value)
        {
            if (++written > count)
            {
                throw new MessagePackSerializationException($"{typeof(TCollection).Name} yielded more items than its Count.");
            }

            element.WriteValue(ref writer, item);
        }

        if (written != count)
        {
            throw new MessagePackSerializationException($"{typeof(TCollection).Name} yielded fewer items than its Count.");
        }

        writer.DecrementDepth();
    }

    protected override TCollection Read(ref MessagePackReader reader)
    {
        if (typeof(TCollection).IsAssignableFrom(typeof(List<TElement>)))
        {
            return (TCollection)(object)ListConverter<TElement>.ReadList(ref reader, Element);
        }

        if (_create is not null)
        {
            if (reader.NextType != MessagePackType.Array)
            {
                throw Mismatch(ref reader, typeof(TCollection).Name);
            }

            int count = reader.ReadArrayHeader();
            var collection = (TCollection)_create();
            var add = (ICollection<TElement>)collection;
            var element = Element;
            reader.IncrementDepth();
            for (int i = 0; i < count; i++)
            {
                add.Add(element.ReadValue(ref reader));
            }

            reader.DecrementDepth();
            return collection;
        }

        _fallback ??= new JsonTranscodingConverter<TCollection>(_typeInfo);
        return _fallback.ReadValue(ref reader);
    }

    private static void ListConverterWrite(ref MessagePackWriter writer, List<TElement> items, MessagePackConverter<TElement> element)
    {
        writer.WriteArrayHeader(items.Count);
        writer.IncrementDepth();
        foreach (var item in items)
        {
            element.WriteValue(ref writer, item);
        }

        writer.DecrementDepth();
    }
}
