using System.Text;

namespace HubFramework.Server.Backplane.Nats;

/// <summary>
/// Reads what <see cref="BackplaneMessageWriter"/> wrote. Anything else (a stranger publishing on our subjects, a
/// truncated message) throws <see cref="FormatException"/>; byte blocks are slices of the received array, not copies.
/// </summary>
internal struct BackplaneMessageReader
{
    // Bounds what a forged length or count can make a reader allocate.
    private const int MaxListCount = 65_536;

    private static readonly UTF8Encoding StrictUtf8 = new(false, throwOnInvalidBytes: true);

    private readonly byte[] _data;
    private int _position;

    private BackplaneMessageReader(byte[] data, BackplaneMessageKind kind, string sender, string scope, int position)
    {
        _data = data;
        Kind = kind;
        Sender = sender;
        Scope = scope;
        _position = position;
    }

    public BackplaneMessageKind Kind { get; }

    public string Sender { get; }

    public string Scope { get; }

    public readonly bool AtEnd => _position == _data.Length;

    /// <summary>Reads the header of <paramref name="data"/>.</summary>
    /// <exception cref="FormatException">Not a backplane message of this version.</exception>
    public static BackplaneMessageReader Open(byte[]? data)
    {
        if (data is null || data.Length < 4 || data[0] != BackplaneMessageWriter.Version)
        {
            throw new FormatException("not a backplane message (wrong version byte or too short)");
        }

        var kind = (BackplaneMessageKind)data[1];
        if (!Enum.IsDefined(kind))
        {
            throw new FormatException($"unknown message kind {data[1]}");
        }

        var reader = new BackplaneMessageReader(data, kind, string.Empty, string.Empty, 2);
        var sender = reader.ReadString();
        var scope = reader.ReadString();
        return new BackplaneMessageReader(data, kind, sender, scope, reader._position);
    }

    public byte ReadByte()
    {
        if (_position >= _data.Length)
        {
            throw new FormatException("message truncated");
        }

        return _data[_position++];
    }

    public int ReadLength()
    {
        uint result = 0;
        for (var shift = 0; shift < 35; shift += 7)
        {
            var b = ReadByte();
            result |= (uint)(b & 0x7F) << shift;
            if ((b & 0x80) == 0)
            {
                if (result > int.MaxValue)
                {
                    break;
                }

                return (int)result;
            }
        }

        throw new FormatException("invalid length");
    }

    public string ReadString()
    {
        var span = ReadBlock().Span;
        try
        {
            return StrictUtf8.GetString(span);
        }
        catch (ArgumentException ex)
        {
            throw new FormatException("invalid UTF-8", ex);
        }
    }

    public string[] ReadStrings()
    {
        var count = ReadLength();
        if (count > MaxListCount || count > _data.Length - _position)
        {
            throw new FormatException("list too long");
        }

        if (count == 0)
        {
            return [];
        }

        var values = new string[count];
        for (var i = 0; i < count; i++)
        {
            values[i] = ReadString();
        }

        return values;
    }

    public ReadOnlyMemory<byte> ReadBlock()
    {
        var length = ReadLength();
        if (length > _data.Length - _position)
        {
            throw new FormatException("message truncated");
        }

        var block = new ReadOnlyMemory<byte>(_data, _position, length);
        _position += length;
        return block;
    }
}
