using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace HubFramework.Protocol.MessagePack;

/// <summary>
/// Chooses the converter for a type: native converters for primitives and well-known types, then the shape the
/// System.Text.Json contract reports (object, collection, dictionary), then the contract's own JSON converter.
/// Runs once per type per serializer; the generic converters are instantiated through reflection here only.
/// </summary>
internal static class MessagePackConverterFactory
{
    private static readonly Dictionary<Type, Func<MessagePackSerializer, MessagePackConverter>> Native = new()
    {
        [typeof(object)] = s => new DynamicValueConverter(s),
        [typeof(bool)] = _ => new BooleanConverter(),
        [typeof(byte)] = _ => new IntegerConverter<byte>(),
        [typeof(sbyte)] = _ => new IntegerConverter<sbyte>(),
        [typeof(short)] = _ => new IntegerConverter<short>(),
        [typeof(ushort)] = _ => new IntegerConverter<ushort>(),
        [typeof(int)] = _ => new IntegerConverter<int>(),
        [typeof(uint)] = _ => new IntegerConverter<uint>(),
        [typeof(long)] = _ => new IntegerConverter<long>(),
        [typeof(ulong)] = _ => new IntegerConverter<ulong>(),
        [typeof(float)] = _ => new SingleConverter(),
        [typeof(double)] = _ => new DoubleConverter(),
        [typeof(decimal)] = _ => new DecimalConverter(),
        [typeof(char)] = _ => new CharConverter(),
        [typeof(string)] = _ => new StringConverter(),
        [typeof(byte[])] = _ => new ByteArrayConverter(),
        [typeof(ReadOnlyMemory<byte>)] = _ => new ReadOnlyMemoryOfByteConverter(),
        [typeof(Memory<byte>)] = _ => new MemoryOfByteConverter(),
        [typeof(Guid)] = _ => new GuidConverter(),
        [typeof(DateTime)] = _ => new DateTimeConverter(),
        [typeof(DateTimeOffset)] = _ => new DateTimeOffsetConverter(),
        [typeof(MessagePackTimestamp)] = _ => new TimestampConverter(),
        [typeof(MessagePackExtension)] = _ => new ExtensionConverter(),
        [typeof(JsonElement)] = _ => new JsonElementConverter(),
    };

    public static MessagePackConverter Create(Type type, MessagePackSerializer serializer)
    {
        if (Native.TryGetValue(type, out var native))
        {
            return native(serializer);
        }

        if (type.IsPointer || type.IsByRef || type.IsByRefLike || type.ContainsGenericParameters || type == typeof(void))
        {
            throw new MessagePackSerializationException($"The type {type} cannot be serialized.");
        }

        if (Nullable.GetUnderlyingType(type) is { } underlying)
        {
            return Instantiate(typeof(NullableConverter<>), [underlying], serializer);
        }

        if (type.IsEnum)
        {
            return Instantiate(typeof(EnumConverter<>), [type]);
        }

        JsonTypeInfo typeInfo;
        try
        {
            typeInfo = serializer.Options.GetTypeInfo(type);
        }
        catch (Exception ex) when (ex is NotSupportedException or InvalidOperationException or ArgumentException)
        {
            throw new MessagePackSerializationException($"The type {type} has no usable serialization contract: {ex.Message}", ex);
        }

        if (typeInfo.PolymorphismOptions is not null)
        {
            return Transcoding(type, typeInfo);
        }

        switch (typeInfo.Kind)
        {
            case JsonTypeInfoKind.Object:
                return Instantiate(typeof(ContractObjectConverter<>), [type], serializer, typeInfo);
            case JsonTypeInfoKind.Enumerable when typeInfo.ElementType is { } element:
                if (type.IsSZArray)
                {
                    return Instantiate(typeof(ArrayConverter<>), [element], serializer);
                }

                if (type.IsGenericType && type.GetGenericTypeDefinition() == typeof(List<>))
                {
                    return Instantiate(typeof(ListConverter<>), [element], serializer);
                }

                if (typeof(IEnumerable<>).MakeGenericType(element).IsAssignableFrom(type))
                {
                    return Instantiate(typeof(EnumerableConverter<,>), [type, element], serializer, typeInfo);
                }

                break;
            case JsonTypeInfoKind.Dictionary when typeInfo.KeyType is { } key && typeInfo.ElementType is { } value:
                var pair = typeof(KeyValuePair<,>).MakeGenericType(key, value);
                if (typeof(IEnumerable<>).MakeGenericType(pair).IsAssignableFrom(type))
                {
                    return Instantiate(typeof(DictionaryConverter<,,>), [type, key, value], serializer, typeInfo);
                }

                break;
        }

        return Transcoding(type, typeInfo);
    }

    private static MessagePackConverter Transcoding(Type type, JsonTypeInfo typeInfo) =>
        Instantiate(typeof(JsonTranscodingConverter<>), [type], typeInfo);

    private static MessagePackConverter Instantiate(Type definition, Type[] arguments, params object[] constructorArguments) =>
        (MessagePackConverter)Activator.CreateInstance(definition.MakeGenericType(arguments), constructorArguments)!;
}
