namespace HubFramework.Protocol.MessagePack;

internal sealed class NullableConverter<T> : MessagePackConverter<T?>
    where T : struct
{
    private readonly MessagePackSerializer _serializer;
    private MessagePackConverter<T>? _inner;

    public NullableConverter(MessagePackSerializer serializer)
    {
        _serializer = serializer;
    }

    private MessagePackConverter<T> Inner => _inner ??= _serializer.GetConverter<T>();

    protected override void Write(ref MessagePackWriter writer, T? value) => Inner.WriteValue(ref writer, value.GetValueOrDefault());

    protected override T? Read(ref MessagePackReader reader)
    {
        if (reader.TryReadNil() == MessagePackReadStatus.Success)
        {
            return null;
        }

        return Inner.ReadValue(ref reader);
    }
}
