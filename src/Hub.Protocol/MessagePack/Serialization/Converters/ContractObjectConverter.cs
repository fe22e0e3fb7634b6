using System.Buffers;
using System.Reflection;
using System.Runtime.CompilerServices;
using System.Text.Json.Serialization.Metadata;
using System.Text.Unicode;

namespace HubFramework.Protocol.MessagePack;

/// <summary>
/// Classes, structs and records as maps keyed by property name, driven by System.Text.Json's contract
/// (<see cref="JsonTypeInfo"/>): the same names, naming policy, ignored and required properties and constructors
/// as the JSON protocol. Unknown keys are skipped; records are built through their parameterized constructor.
/// </summary>
internal sealed class ContractObjectConverter<T> : MessagePackConverter<T>
{
    private const int StackKeyLength = 256;

    private readonly MessagePackSerializer _serializer;
    private readonly JsonTypeInfo<T> _typeInfo;
    private Contract? _contract;

    public ContractObjectConverter(MessagePackSerializer serializer, JsonTypeInfo<T> typeInfo)
    {
        _serializer = serializer;
        _typeInfo = typeInfo;
    }

    private Contract State => _contract ??= new Contract(_serializer, _typeInfo);

    protected override void Write(ref MessagePackWriter writer, T value)
    {
        var contract = State;
        object instance = value!;
        var properties = contract.Writable;
        if (!contract.AnyConditional)
        {
            writer.WriteMapHeader(properties.Length);
            writer.IncrementDepth();
            foreach (var property in properties)
            {
                writer.WriteRaw(property.EncodedName);
                property.WriteValue(ref writer, instance);
            }

            writer.DecrementDepth();
            return;
        }

        // Decide once per property, so the header's count matches what is written even if a getter is not stable.
        Span<bool> included = properties.Length <= 64 ? stackalloc bool[64] : new bool[properties.Length];
        int count = 0;
        for (int i = 0; i < properties.Length; i++)
        {
            included[i] = properties[i].ShouldWrite(instance);
            count += included[i] ? 1 : 0;
        }

        writer.WriteMapHeader(count);
        writer.IncrementDepth();
        for (int i = 0; i < properties.Length; i++)
        {
            if (included[i])
            {
                writer.WriteRaw(properties[i].EncodedName);
                properties[i].WriteValue(ref writer, instance);
            }
        }

        writer.DecrementDepth();
    }

    protected override T Read(ref MessagePackReader reader)
    {
        var contract = State;
        if (contract.Fallback is not null)
        {
            return contract.Fallback.ReadValue(ref reader);
        }

        if (reader.NextType != MessagePackType.Map)
        {
            throw Mismatch(ref reader, typeof(T).Name);
        }

        int count = reader.ReadMapHeader();
        reader.IncrementDepth();
        Span<bool> seen = contract.RequiredCount == 0 ? default
            : contract.Readable.Length <= 64 ? stackalloc bool[64] : new bool[contract.Readable.Length];
        Span<byte> keyBuffer = stackalloc byte[StackKeyLength];
        T result;
        if (contract.Constructor is null)
        {
            object instance = contract.Create!();
            for (int i = 0; i < count; i++)
            {
                var property = ReadKey(ref reader, contract, i, keyBuffer);
                if (property is null || !property.CanSet)
                {
                    reader.Skip();
                    continue;
                }

                try
                {
                    property.ReadInto(ref reader, instance);
                }
                catch (MessagePackSerializationException ex)
                {
                    throw InProperty(property, ex);
                }

                MarkSeen(seen, property);
            }

            result = (T)instance;
        }
        else
        {
            result = ReadWithConstructor(ref reader, contract, count, seen, keyBuffer);
        }

        if (contract.RequiredCount > 0)
        {
            CheckRequired(contract, seen);
        }

        reader.DecrementDepth();
        return result;
    }

    private static T ReadWithConstructor(ref MessagePackReader reader, Contract contract, int count, scoped Span<bool> seen, scoped Span<byte> keyBuffer)
    {
        var arguments = (object?[])contract.ConstructorDefaults!.Clone();
        object?[]? deferred = null;
        bool[]? deferredSet = null;
        for (int i = 0; i < count; i++)
        {
            var property = ReadKey(ref reader, contract, i, keyBuffer);
            if (property is null || (property.ParameterPosition < 0 && !property.CanSet))
            {
                reader.Skip();
                continue;
            }

            object? value;
            try
            {
                value = property.ReadBoxed(ref reader);
            }
            catch (MessagePackSerializationException ex)
            {
                throw InProperty(property, ex);
            }

            if (property.ParameterPosition >= 0)
            {
                arguments[property.ParameterPosition] = value;
            }
            else
            {
                deferred ??= new object?[contract.Readable.Length];
                deferredSet ??= new bool[contract.Readable.Length];
                deferred[property.ReadIndex] = value;
                deferredSet[property.ReadIndex] = true;
            }

            MarkSeen(seen, property);
        }

        object instance = contract.Constructor!.Invoke(arguments);
        if (deferred is not null)
        {
            foreach (var property in contract.Readable)
            {
                if (deferredSet![property.ReadIndex])
                {
                    property.SetBoxed(instance, deferred[property.ReadIndex]);
                }
            }
        }

        return (T)instance;
    }

    /// <summary>Reads a key and finds its property; null for unknown or non-string keys (the caller skips the value).</summary>
    private static PropertyBinding? ReadKey(ref MessagePackReader reader, Contract contract, int position, scoped Span<byte> keyBuffer)
    {
        if (reader.TryReadContiguousString(out var contiguous))
        {
            return contract.Find(contiguous, position);
        }

        if (reader.TryReadStringBytes(out var keyBytes) != MessagePackReadStatus.Success)
        {
            // Not a string key: no property can match it.
            reader.Skip();
            return null;
        }

        scoped ReadOnlySpan<byte> key;
        if (keyBytes.IsSingleSegment)
        {
            key = keyBytes.FirstSpan;
        }
        else if (keyBytes.Length <= keyBuffer.Length)
        {
            keyBytes.CopyTo(keyBuffer);
            key = keyBuffer.Slice(0, (int)keyBytes.Length);
        }
        else
        {
            key = keyBytes.ToArray();
        }

        return contract.Find(key, position);
    }

    private static void MarkSeen(Span<bool> seen, PropertyBinding property)
    {
        if (!seen.IsEmpty && property.IsRequired)
        {
            seen[property.ReadIndex] = true;
        }
    }

    private static void CheckRequired(Contract contract, Span<bool> seen)
    {
        foreach (var property in contract.Readable)
        {
            if (property.IsRequired && !seen[property.ReadIndex])
            {
                throw new MessagePackSerializationException($"The required property '{property.Name}' of {typeof(T).Name} is missing.");
            }
        }
    }

    private static MessagePackSerializationException InProperty(PropertyBinding property, MessagePackSerializationException inner) =>
        new($"Property '{property.Name}' of {typeof(T).Name}: {inner.Message}", inner);

    /// <summary>Everything learned from the JSON contract, built on first use.</summary>
    private sealed class Contract
    {
        public Contract(MessagePackSerializer serializer, JsonTypeInfo<T> typeInfo)
        {
            var all = new List<PropertyBinding>();
            foreach (var info in typeInfo.Properties)
            {
                if (info.IsExtensionData)
                {
                    continue;
                }

                var bindingType = typeof(PropertyBinding<,>).MakeGenericType(typeof(T), info.PropertyType);
                all.Add((PropertyBinding)Activator.CreateInstance(
                    bindingType, serializer, info, serializer.BindsAccessors, serializer.Options.DefaultIgnoreCondition)!);
            }

            Writable = all.Where(p => p.CanGet).ToArray();
            Readable = all.Where(p => p.CanSet || p.ParameterPosition >= 0).ToArray();
            for (int i = 0; i < Readable.Length; i++)
            {
                Readable[i].ReadIndex = i;
            }

            AnyConditional = Writable.Any(p => p.IsConditional);
            RequiredCount = Readable.Count(p => p.IsRequired);
            CaseInsensitive = serializer.Options.PropertyNameCaseInsensitive;

            if (typeInfo.CreateObject is { } create)
            {
                Create = () => create()!;
            }
            else if (typeInfo.ConstructorAttributeProvider is ConstructorInfo constructor && !typeof(T).IsAbstract)
            {
                Constructor = ConstructorInvoker.Create(constructor);
                ConstructorDefaults = DefaultArguments(constructor);
            }
            else
            {
                // Neither a parameterless nor a known parameterized constructor: let the JSON contract try.
                Fallback = new JsonTranscodingConverter<T>(typeInfo);
            }
        }

        public PropertyBinding[] Writable { get; }

        public PropertyBinding[] Readable { get; }

        public bool AnyConditional { get; }

        public int RequiredCount { get; }

        public bool CaseInsensitive { get; }

        public Func<object>? Create { get; }

        public ConstructorInvoker? Constructor { get; }

        public object?[]? ConstructorDefaults { get; }

        public JsonTranscodingConverter<T>? Fallback { get; }

        public PropertyBinding? Find(ReadOnlySpan<byte> key, int position)
        {
            var properties = Readable;

            // Writers emit keys in declaration order, so the key at position i is usually property i.
            if ((uint)position < (uint)properties.Length && key.SequenceEqual(properties[position].Utf8Name))
            {
                return properties[position];
            }

            foreach (var property in properties)
            {
                if (key.SequenceEqual(property.Utf8Name))
                {
                    return property;
                }
            }

            if (!Utf8.IsValid(key))
            {
                throw new MessagePackFormatException("A map key is not valid UTF-8.");
            }

            if (CaseInsensitive && properties.Length > 0)
            {
                string name = System.Text.Encoding.UTF8.GetString(key);
                foreach (var property in properties)
                {
                    if (string.Equals(name, property.Name, StringComparison.OrdinalIgnoreCase))
                    {
                        return property;
                    }
                }
            }

            return null;
        }

        private static object?[] DefaultArguments(ConstructorInfo constructor)
        {
            var parameters = constructor.GetParameters();
            var defaults = new object?[parameters.Length];
            for (int i = 0; i < parameters.Length; i++)
            {
                var parameter = parameters[i];
                object? value = parameter.HasDefaultValue ? parameter.DefaultValue : null;
                if (value is null && parameter.ParameterType.IsValueType && Nullable.GetUnderlyingType(parameter.ParameterType) is null)
                {
                    value = RuntimeHelpers.GetUninitializedObject(parameter.ParameterType);
                }
                else if (value is not null && parameter.ParameterType.IsEnum && value.GetType() != parameter.ParameterType)
                {
                    value = Enum.ToObject(parameter.ParameterType, value);
                }

                defaults[i] = value;
            }

            return defaults;
        }
    }
}
