using System.Reflection;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;

namespace HubFramework.Protocol.MessagePack;

/// <summary>
/// A property of <typeparamref name="TDeclaring"/> of type <typeparamref name="TProperty"/>. With the default
/// reflection contract and a class, the property's accessors are bound to typed delegates once, so values are
/// neither boxed nor unboxed per access; otherwise (source-generated contracts, structs, customized contracts) the
/// contract's own Get/Set delegates are used.
/// </summary>
internal sealed class PropertyBinding<TDeclaring, TProperty> : PropertyBinding
{
    private readonly MessagePackSerializer _serializer;
    private readonly Func<TDeclaring, TProperty>? _typedGet;
    private readonly Action<TDeclaring, TProperty>? _typedSet;
    private readonly Func<object, object?>? _get;
    private readonly Action<object, object?>? _set;
    private readonly Func<object, object?, bool>? _shouldSerialize;
    private readonly JsonIgnoreCondition _ignoreCondition;
    private MessagePackConverter<TProperty>? _converter;

    public PropertyBinding(MessagePackSerializer serializer, JsonPropertyInfo info, bool bindAccessors, JsonIgnoreCondition defaultIgnoreCondition)
        : base(info)
    {
        _serializer = serializer;
        _get = info.Get;
        _set = info.Set;
        _shouldSerialize = info.ShouldSerialize;
        _ignoreCondition = defaultIgnoreCondition is JsonIgnoreCondition.WhenWritingNull or JsonIgnoreCondition.WhenWritingDefault
            ? defaultIgnoreCondition
            : JsonIgnoreCondition.Never;
        if (bindAccessors && !typeof(TDeclaring).IsValueType && info.AttributeProvider is PropertyInfo property && property.PropertyType == typeof(TProperty))
        {
            _typedGet = _get is not null ? TryBind<Func<TDeclaring, TProperty>>(property.GetMethod) : null;
            _typedSet = _set is not null ? TryBind<Action<TDeclaring, TProperty>>(property.SetMethod) : null;
        }
    }

    public override bool IsConditional => _shouldSerialize is not null || _ignoreCondition != JsonIgnoreCondition.Never;

    private MessagePackConverter<TProperty> Converter => _converter ??= _serializer.GetConverter<TProperty>();

    public override bool ShouldWrite(object instance)
    {
        if (!IsConditional)
        {
            return true;
        }

        TProperty value = Get(instance);
        if (_shouldSerialize is not null)
        {
            return _shouldSerialize(instance, value);
        }

        return _ignoreCondition == JsonIgnoreCondition.WhenWritingNull
            ? value is not null
            : !EqualityComparer<TProperty>.Default.Equals(value, default!);
    }

    public override void WriteValue(ref MessagePackWriter writer, object instance) => Converter.WriteValue(ref writer, Get(instance));

    public override void ReadInto(ref MessagePackReader reader, object instance) => Set(instance, Converter.ReadValue(ref reader));

    public override object? ReadBoxed(ref MessagePackReader reader) => Converter.ReadValue(ref reader);

    public override void SetBoxed(object instance, object? value) => Set(instance, (TProperty)value!);

    private static TDelegate? TryBind<TDelegate>(MethodInfo? method)
        where TDelegate : Delegate
    {
        if (method is null || method.IsStatic)
        {
            return null;
        }

        try
        {
            return method.CreateDelegate<TDelegate>();
        }
        catch (ArgumentException)
        {
            return null;
        }
    }

    private TProperty Get(object instance) => _typedGet is not null ? _typedGet((TDeclaring)instance) : (TProperty)_get!(instance)!;

    private void Set(object instance, TProperty value)
    {
        if (_typedSet is not null)
        {
            _typedSet((TDeclaring)instance, value);
        }
        else
        {
            _set!(instance, value);
        }
    }
}
