using System.Runtime.CompilerServices;

namespace HubFramework.Protocol.MessagePack;

/// <summary>Enums travel as their underlying integer; member names (case-insensitive) are accepted when reading.</summary>
internal sealed class EnumConverter<T> : MessagePackConverter<T>
    where T : struct, Enum
{
    private static readonly TypeCode Underlying = Type.GetTypeCode(Enum.GetUnderlyingType(typeof(T)));

    protected override void Write(ref MessagePackWriter writer, T value)
    {
        switch (Underlying)
        {
            case TypeCode.SByte: writer.Write(Unsafe.As<T, sbyte>(ref value)); break;
            case TypeCode.Byte: writer.Write(Unsafe.As<T, byte>(ref value)); break;
            case TypeCode.Int16: writer.Write(Unsafe.As<T, short>(ref value)); break;
            case TypeCode.UInt16: writer.Write(Unsafe.As<T, ushort>(ref value)); break;
            case TypeCode.Int32: writer.Write(Unsafe.As<T, int>(ref value)); break;
            case TypeCode.UInt32: writer.Write(Unsafe.As<T, uint>(ref value)); break;
            case TypeCode.Int64: writer.Write(Unsafe.As<T, long>(ref value)); break;
            default: writer.Write(Unsafe.As<T, ulong>(ref value)); break;
        }
    }

    protected override T Read(ref MessagePackReader reader)
    {
        switch (reader.NextType)
        {
            case MessagePackType.Integer:
                return Underlying switch
                {
                    TypeCode.SByte => From(IntegerConverter<sbyte>.ReadNumber(ref reader)),
                    TypeCode.Byte => From(IntegerConverter<byte>.ReadNumber(ref reader)),
                    TypeCode.Int16 => From(IntegerConverter<short>.ReadNumber(ref reader)),
                    TypeCode.UInt16 => From(IntegerConverter<ushort>.ReadNumber(ref reader)),
                    TypeCode.Int32 => From(IntegerConverter<int>.ReadNumber(ref reader)),
                    TypeCode.UInt32 => From(IntegerConverter<uint>.ReadNumber(ref reader)),
                    TypeCode.Int64 => From(IntegerConverter<long>.ReadNumber(ref reader)),
                    _ => From(IntegerConverter<ulong>.ReadNumber(ref reader)),
                };
            case MessagePackType.String:
                string? name = reader.ReadString();
                return Enum.TryParse<T>(name, ignoreCase: true, out var parsed)
                    ? parsed
                    : throw new MessagePackSerializationException($"\"{name}\" is not a member of {typeof(T).Name}.");
            default:
                throw Mismatch(ref reader, typeof(T).Name);
        }
    }

    private static T From<TUnderlying>(TUnderlying value)
        where TUnderlying : struct => Unsafe.As<TUnderlying, T>(ref value);
}
