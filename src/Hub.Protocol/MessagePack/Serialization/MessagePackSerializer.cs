using System.Buffers;
using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace HubFramework.Protocol.MessagePack;

/// <summary>
/// Converts .NET values to and from MessagePack, using System.Text.Json's contract of each type (property names
/// after the naming policy, ignore conditions, required properties, constructors), so a type has the same shape
/// in both hub protocols and source-generated <see cref="System.Text.Json.Serialization.JsonSerializerContext"/>s work.
/// </summary>
/// <remarks>
/// <para>Mapping: integers in the smallest format; float as float 32, double as float 64; decimal as a string;
/// char as a one-character string; string as str; byte[] and (ReadOnly)Memory&lt;byte&gt; as bin; Guid as its
/// "D" string; DateTime/DateTimeOffset as the timestamp extension (read from a timestamp or an ISO 8601 string);
/// enums as their underlying integer (names accepted when reading); arrays and collections as arrays;
/// dictionaries as maps; other classes, structs and records as maps keyed by property name (unknown keys are
/// skipped). Types System.Text.Json handles with a converter of its own (custom converters, polymorphism,
/// JsonNode, TimeSpan, Uri, immutable collections…) go through their JSON form.</para>
/// <para>Values typed as <see cref="object"/> are written by their runtime type and read as: nil → null, booleans,
/// integers → long (ulong above long.MaxValue), float 32 → float, float 64 → double, str → string, bin → byte[],
/// array → object?[], map → Dictionary&lt;string, object?&gt; (Dictionary&lt;object, object?&gt; if a key is not a
/// string), timestamp → DateTime in UTC, other extensions → <see cref="MessagePackExtension"/>.</para>
/// <para>Thread-safe; converters are created once per type and cached.</para>
/// </remarks>
public sealed class MessagePackSerializer
{
    private static MessagePackSerializer? s_default;
    private readonly ConcurrentDictionary<Type, MessagePackConverter> _converters = new();

    /// <summary>Creates a serializer with <see cref="CreateDefaultSerializerOptions"/>.</summary>
    public MessagePackSerializer()
        : this(null)
    {
    }

    /// <summary>Creates a serializer.</summary>
    /// <param name="options">The JSON contract settings (naming policy, resolver…); they become read-only. Null for <see cref="CreateDefaultSerializerOptions"/>.</param>
    /// <param name="maximumDepth">Nesting limit of the convenience methods that create their own reader or writer.</param>
    public MessagePackSerializer(JsonSerializerOptions? options, int maximumDepth = MessagePackReader.DefaultMaximumDepth)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maximumDepth, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(maximumDepth, MessagePackReader.MaximumDepthLimit);
        Options = options ?? CreateDefaultSerializerOptions();
        Options.MakeReadOnly(populateMissingResolver: true);
        MaximumDepth = maximumDepth;

        // Typed accessors would bypass contract customizations, so they are used with the plain reflection contract only.
        BindsAccessors = Options.TypeInfoResolver is DefaultJsonTypeInfoResolver { Modifiers.Count: 0 } resolver
            && resolver.GetType() == typeof(DefaultJsonTypeInfoResolver);
    }

    /// <summary>A shared serializer with the default settings.</summary>
    public static MessagePackSerializer Default => s_default ??= new MessagePackSerializer();

    /// <summary>The JSON contract settings in use (read-only).</summary>
    public JsonSerializerOptions Options { get; }

    /// <summary>Nesting limit of the convenience methods.</summary>
    public int MaximumDepth { get; }

    internal bool BindsAccessors { get; }

    /// <summary>The default contract settings, those of the JSON protocol: camelCase names, case-insensitive matching when reading.</summary>
    public static JsonSerializerOptions CreateDefaultSerializerOptions() => new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        PropertyNameCaseInsensitive = true,
    };

    /// <summary>Writes <paramref name="value"/> by its runtime type (nil for null).</summary>
    /// <exception cref="MessagePackSerializationException">The value's type cannot be serialized, or the graph is too deep.</exception>
    public void Serialize(ref MessagePackWriter writer, object? value)
    {
        switch (value)
        {
            case null:
                writer.WriteNil();
                return;
            case string text:
                writer.WriteString(text);
                return;
            case int number:
                writer.Write(number);
                return;
            case long number:
                writer.Write(number);
                return;
            case bool flag:
                writer.Write(flag);
                return;
            case double number:
                writer.Write(number);
                return;
        }

        var type = value.GetType();
        if (type == typeof(object))
        {
            // A bare object has no properties: System.Text.Json writes {} too.
            writer.WriteMapHeader(0);
            return;
        }

        GetConverter(type).WriteObject(ref writer, value);
    }

    /// <summary>Writes <paramref name="value"/> as <typeparamref name="T"/> (by its runtime type when <typeparamref name="T"/> is <see cref="object"/>).</summary>
    public void Serialize<T>(ref MessagePackWriter writer, T value) => GetConverter<T>().WriteValue(ref writer, value);

    /// <summary>Reads one value as <paramref name="type"/>.</summary>
    /// <exception cref="MessagePackFormatException">The input is malformed, truncated or too deeply nested.</exception>
    /// <exception cref="MessagePackSerializationException">The value cannot be converted to <paramref name="type"/>.</exception>
    public object? Deserialize(ref MessagePackReader reader, Type type)
    {
        ArgumentNullException.ThrowIfNull(type);
        return GetConverter(type).ReadObject(ref reader);
    }

    /// <summary>Reads one value as <typeparamref name="T"/>.</summary>
    public T Deserialize<T>(ref MessagePackReader reader) => GetConverter<T>().ReadValue(ref reader);

    /// <summary>Serializes <paramref name="value"/> (runtime type) into a new array.</summary>
    public byte[] SerializeToArray(object? value)
    {
        var buffer = new ArrayBufferWriter<byte>();
        var writer = new MessagePackWriter(buffer, MaximumDepth);
        Serialize(ref writer, value);
        writer.Flush();
        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>Serializes <paramref name="value"/> as <typeparamref name="T"/> into a new array.</summary>
    public byte[] SerializeToArray<T>(T value)
    {
        var buffer = new ArrayBufferWriter<byte>();
        var writer = new MessagePackWriter(buffer, MaximumDepth);
        Serialize(ref writer, value);
        writer.Flush();
        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>Reads exactly one value of <paramref name="type"/> from <paramref name="bytes"/>; trailing bytes are an error.</summary>
    public object? Deserialize(ReadOnlySequence<byte> bytes, Type type)
    {
        var reader = new MessagePackReader(bytes, MaximumDepth);
        object? value = Deserialize(ref reader, type);
        EnsureEnd(ref reader);
        return value;
    }

    /// <summary>Reads exactly one value of <typeparamref name="T"/> from <paramref name="bytes"/>; trailing bytes are an error.</summary>
    public T Deserialize<T>(ReadOnlyMemory<byte> bytes)
    {
        var reader = new MessagePackReader(bytes, MaximumDepth);
        T value = Deserialize<T>(ref reader);
        EnsureEnd(ref reader);
        return value;
    }

    internal MessagePackConverter<T> GetConverter<T>() => (MessagePackConverter<T>)GetConverter(typeof(T));

    internal MessagePackConverter GetConverter(Type type)
    {
        if (_converters.TryGetValue(type, out var converter))
        {
            return converter;
        }

        return _converters.GetOrAdd(type, MessagePackConverterFactory.Create(type, this));
    }

    private static void EnsureEnd(ref MessagePackReader reader)
    {
        if (!reader.End)
        {
            throw new MessagePackFormatException($"{reader.Remaining} unexpected bytes follow the value at offset {reader.Consumed}.");
        }
    }
}
