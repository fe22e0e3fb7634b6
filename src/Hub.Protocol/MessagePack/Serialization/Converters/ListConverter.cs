using System.Runtime.InteropServices;

namespace HubFramework.Protocol.MessagePack;

internal sealed class ListConverter<TElement> : MessagePackConverter<List<TElement>>
{
    private readonly MessagePackSerializer _serializer;
    private MessagePackConverter<TElement>? _element;

    public ListConverter(MessagePackSerializer serializer)
    {
        _serializer = serializer;
    }

    private MessagePackConverter<TElement> Element => _element ??= _serializer.GetConverter<TElement>();

    protected override void Write(ref MessagePackWriter writer, List<TElement> value)
    {
        var element = Element;
        writer.WriteArrayHeader(value.Count);
        writer.IncrementDepth();
        foreach (var item in CollectionsMarshal.AsSpan(value))
        {
            element.WriteValue(ref writer, item);
        }

        writer.DecrementDepth();
    }

    protected override List<TElement> Read(ref MessagePackReader reader) => ReadList(ref reader, Element);

    /// <summary>Reads an array into a new list (shared with the interface-typed collection converters).</summary>
    public static List<TElement> ReadList(ref MessagePackReader reader, MessagePackConverter<TElement> element)
    {
        if (reader.NextType != MessagePackType.Array)
        {
            throw Mismatch(ref reader, $"a list of {typeof(TElement).Name}");
        }

        int count = reader.ReadArrayHeader();
        var items = new List<TElement>(count);
        reader.IncrementDepth();
        for (int i = 0; i < count; i++)
        {
            items.Add(element.ReadValue(ref reader));
        }

        reader.DecrementDepth();
        return items;
    }
}
