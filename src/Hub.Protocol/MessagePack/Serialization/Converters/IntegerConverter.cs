using System.Numerics;

namespace HubFramework.Protocol.MessagePack;

/// <summary>
/// Every integer type: written in the smallest format, read from any integer format in range, and from floats
/// whose value is integral (JavaScript has a single number type).
/// </summary>
internal sealed class IntegerConverter<T> : MessagePackConverter<T>
    where T : struct, IBinaryInteger<T>, IMinMaxValue<T>
{
    private static readonly long Min = typeof(T) == typeof(ulong) ? 0 : long.CreateTruncating(T.MinValue);
    private static readonly long Max = typeof(T) == typeof(ulong) ? long.MaxValue : long.CreateTruncating(T.MaxValue);

    protected override void Write(ref MessagePackWriter writer, T value)
    {
        if (typeof(T) == typeof(ulong))
        {
            writer.Write(ulong.CreateTruncating(value));
        }
        else
        {
            writer.Write(long.CreateTruncating(value));
        }
    }

    protected override T Read(ref MessagePackReader reader) => ReadNumber(ref reader);

    /// <summary>Reads an integer in range (or an integral float) without a converter instance.</summary>
    public static T ReadNumber(ref MessagePackReader reader)
    {
        var status = reader.TryReadInt64(out long value);
        switch (status)
        {
            case MessagePackReadStatus.Success:
                if (value < Min || value > Max)
                {
                    throw OutOfRange(value.ToString(System.Globalization.CultureInfo.InvariantCulture));
                }

                return T.CreateTruncating(value);
            case MessagePackReadStatus.Overflow:
                if (typeof(T) == typeof(ulong))
                {
                    return T.CreateTruncating(reader.ReadUInt64());
                }

                throw OutOfRange("above Int64.MaxValue");
            case MessagePackReadStatus.TypeMismatch when reader.NextType == MessagePackType.Float:
                return FromFloat(reader.ReadDouble());
            default:
                throw Mismatch(ref reader, typeof(T).Name);
        }
    }

    private static T FromFloat(double value)
    {
        if (double.IsInteger(value))
        {
            if (typeof(T) == typeof(ulong) && value >= 0 && value < 18446744073709551616.0)
            {
                return T.CreateTruncating((ulong)value);
            }

            if (value >= Min && value <= Max)
            {
                return T.CreateTruncating((long)value);
            }
        }

        throw OutOfRange(value.ToString("R", System.Globalization.CultureInfo.InvariantCulture));
    }

    private static MessagePackSerializationException OutOfRange(string value) =>
        new($"The number {value} cannot be converted to {typeof(T).Name}.");
}
