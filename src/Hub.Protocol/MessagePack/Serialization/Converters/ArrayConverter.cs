namespace HubFramework.Protocol.MessagePack;

internal sealed class ArrayConverter<TElement> : MessagePackConverter<TElement[]>
{
    private readonly MessagePackSerializer _serializer;
    private MessagePackConverter<TElement>? _element;

    public ArrayConverter(MessagePackSerializer serializer)
    {
        _serializer = serializer;
    }

    private MessagePackConverter<TElement> Element => _element ??= _serializer.GetConverter<TElement>();

    protected override void Write(ref MessagePackWriter writer, TElement[] value)
    {
        var element = Element;
        writer.WriteArrayHeader(value.Length);
        writer.IncrementDepth();
        foreach (var item in value)
        {
            element.WriteValue(ref writer, item);
        }

        writer.DecrementDepth();
    }

    protected override TElement[] Read(ref MessagePackReader reader)
    {
        if (reader.NextType != MessagePackType.Array)
        {
            throw Mismatch(ref reader, $"{typeof(TElement).Name}[]");
        }

        // The header's count is already checked against the bytes left, so the allocation is bounded by the input.
        int count = reader.ReadArrayHeader();
        var element = Element;
        var items = count == 0 ? [] : new TElement[count];
        reader.IncrementDepth();
        for (int i = 0; i < count; i++)
        {
            items[i] = element.ReadValue(ref reader);
        }

        reader.DecrementDepth();
        return items;
    }
}
