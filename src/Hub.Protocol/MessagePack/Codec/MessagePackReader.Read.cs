using System.Buffers;
using System.Diagnostics.CodeAnalysis;
using static HubFramework.Protocol.MessagePack.MessagePackReadStatus;

namespace HubFramework.Protocol.MessagePack;

/// <summary>The throwing half of the reader, for buffers that hold complete values.</summary>
public ref partial struct MessagePackReader
{
    /// <summary>The family of the next value.</summary>
    /// <exception cref="MessagePackFormatException">No bytes are left, or the next byte is 0xC1.</exception>
    public readonly MessagePackType NextType
    {
        get
        {
            var status = TryPeekType(out var type);
            if (status != Success)
            {
                Throw(status, "a value");
            }

            return type;
        }
    }

    /// <summary>The first byte of the next value (its exact format, e.g. to tell float 32 from float 64).</summary>
    /// <exception cref="MessagePackFormatException">No bytes are left.</exception>
    public readonly byte NextCode
    {
        get
        {
            if (!_reader.TryPeek(out byte code))
            {
                Throw(InsufficientData, "a value");
            }

            return code;
        }
    }

    /// <summary>Whether the next value is nil (false when no bytes are left).</summary>
    public readonly bool IsNil => _reader.TryPeek(out byte code) && code == MessagePackCode.Nil;

    /// <summary>Reads nil.</summary>
    public void ReadNil() => Check(TryReadNil(), "nil");

    /// <summary>Reads true or false.</summary>
    public bool ReadBoolean()
    {
        Check(TryReadBoolean(out bool value), "a boolean");
        return value;
    }

    /// <summary>Reads an integer that fits <see cref="long"/>.</summary>
    public long ReadInt64()
    {
        Check(TryReadInt64(out long value), "an integer (Int64)");
        return value;
    }

    /// <summary>Reads a non-negative integer.</summary>
    public ulong ReadUInt64()
    {
        Check(TryReadUInt64(out ulong value), "an integer (UInt64)");
        return value;
    }

    /// <summary>Reads a float or an integer as a <see cref="double"/>.</summary>
    public double ReadDouble()
    {
        Check(TryReadDouble(out double value), "a number");
        return value;
    }

    /// <summary>Reads a float or an integer as a <see cref="float"/>.</summary>
    public float ReadSingle()
    {
        Check(TryReadSingle(out float value), "a number");
        return value;
    }

    /// <summary>Reads a string or nil.</summary>
    /// <exception cref="MessagePackFormatException">The string is truncated or not valid UTF-8.</exception>
    public string? ReadString()
    {
        var status = TryReadString(out string? value);
        if (status == InvalidData)
        {
            // The header decodes unless it announces 2 GB or more; then it was the content that failed.
            Span<byte> scratch = stackalloc byte[WindowSize];
            bool headerValid = MessagePackDecoder.TryDecodeStringHeader(Window(scratch), out _, out _) == Success;
            Throw(status, "a string", headerValid ? "the string is not valid UTF-8" : null);
        }

        Check(status, "a string");
        return value;
    }

    /// <summary>Reads a string's raw UTF-8 bytes (not validated).</summary>
    public ReadOnlySequence<byte> ReadStringBytes()
    {
        Check(TryReadStringBytes(out var value), "a string");
        return value;
    }

    /// <summary>Reads a bin value (a slice of the input).</summary>
    public ReadOnlySequence<byte> ReadBinary()
    {
        Check(TryReadBinary(out var value), "binary data");
        return value;
    }

    /// <summary>Reads an array header; the count never exceeds the bytes left.</summary>
    public int ReadArrayHeader()
    {
        Check(TryReadArrayHeader(out int count), "an array");
        return count;
    }

    /// <summary>Reads a map header; twice the count never exceeds the bytes left.</summary>
    public int ReadMapHeader()
    {
        Check(TryReadMapHeader(out int count), "a map");
        return count;
    }

    /// <summary>Reads an extension header.</summary>
    public MessagePackExtensionHeader ReadExtensionHeader()
    {
        Check(TryReadExtensionHeader(out var header), "an extension");
        return header;
    }

    /// <summary>Reads a whole extension value.</summary>
    public ReadOnlySequence<byte> ReadExtension(out MessagePackExtensionHeader header)
    {
        Check(TryReadExtension(out header, out var data), "an extension");
        return data;
    }

    /// <summary>Reads a timestamp extension.</summary>
    public MessagePackTimestamp ReadTimestamp()
    {
        Check(TryReadTimestamp(out var value), "a timestamp", "the timestamp has an invalid length or more than 999,999,999 nanoseconds");
        return value;
    }

    /// <summary>Moves past one complete value.</summary>
    public void Skip() => Check(TrySkip(), "a value");

    /// <summary>Moves past one complete value and returns its bytes.</summary>
    public ReadOnlySequence<byte> ReadRaw()
    {
        Check(TryReadRaw(out var raw), "a value");
        return raw;
    }

    /// <summary>Describes the next token for error messages, e.g. "String (0xA3)".</summary>
    internal readonly string DescribeNext()
    {
        if (!_reader.TryPeek(out byte code))
        {
            return "the end of the data";
        }

        return $"{MessagePackCode.ToType(code)} (0x{code:X2})";
    }

    private readonly void Check(MessagePackReadStatus status, string expected, string? invalidDetail = null)
    {
        if (status != Success)
        {
            Throw(status, expected, invalidDetail);
        }
    }

    [DoesNotReturn]
    private readonly void Throw(MessagePackReadStatus status, string expected, string? invalidDetail = null)
    {
        long offset = Consumed;
        throw status switch
        {
            InsufficientData => new MessagePackFormatException($"The data ends (or announces more than is left) at offset {offset} while reading {expected}."),
            TypeMismatch => new MessagePackSerializationException($"Expected {expected} at offset {offset} but found {DescribeNext()}."),
            Overflow => new MessagePackSerializationException($"The integer at offset {offset} is out of range for {expected}."),
            DepthExceeded => new MessagePackFormatException($"Arrays and maps are nested deeper than the limit of {MaximumDepth} (offset {offset})."),
            _ => new MessagePackFormatException($"Invalid MessagePack at offset {offset} while reading {expected}: {InvalidDetail(invalidDetail)}."),
        };
    }

    private readonly string InvalidDetail(string? detail)
    {
        if (_reader.TryPeek(out byte code) && code == MessagePackCode.NeverUsed)
        {
            return "the byte 0xC1 is never used";
        }

        return detail ?? $"{DescribeNext()} announces a length of 2 GB or more";
    }
}
