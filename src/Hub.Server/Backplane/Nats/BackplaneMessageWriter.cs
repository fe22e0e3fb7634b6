using System.Buffers;
using System.Text;

namespace HubFramework.Server.Backplane.Nats;

/// <summary>
/// Writes backplane messages: a version byte, the kind, the sending node and the scope, then the kind's fields
/// (strings as a 7-bit-encoded byte length and UTF-8, byte blocks likewise). One writer per thread is reused, so a
/// publish allocates only the final array it hands to NATS.
/// </summary>
internal sealed class BackplaneMessageWriter
{
    /// <summary>The format's version; a message starting with anything else is refused.</summary>
    public const byte Version = 0xB1;

    private const int MaxRetainedCapacity = 1024 * 1024;

    [ThreadStatic]
    private static BackplaneMessageWriter? t_cached;

    private readonly ArrayBufferWriter<byte> _buffer = new(256);

    public int Length => _buffer.WrittenCount;

    /// <summary>A cleared writer with the header written.</summary>
    public static BackplaneMessageWriter Rent(BackplaneMessageKind kind, string sender, string scope)
    {
        var writer = t_cached ?? new BackplaneMessageWriter();
        t_cached = null;
        writer._buffer.ResetWrittenCount();
        writer.WriteByte(Version);
        writer.WriteByte((byte)kind);
        writer.WriteString(sender);
        writer.WriteString(scope);
        return writer;
    }

    /// <summary>The message as a new array; the writer goes back to the thread's cache.</summary>
    public byte[] ToArrayAndReturn()
    {
        var bytes = _buffer.WrittenSpan.ToArray();
        if (_buffer.Capacity <= MaxRetainedCapacity)
        {
            t_cached = this;
        }

        return bytes;
    }

    public void WriteByte(byte value)
    {
        _buffer.GetSpan(1)[0] = value;
        _buffer.Advance(1);
    }

    public void WriteLength(int value)
    {
        var span = _buffer.GetSpan(5);
        var n = 0;
        var v = (uint)value;
        while (v >= 0x80)
        {
            span[n++] = (byte)(v | 0x80);
            v >>= 7;
        }

        span[n++] = (byte)v;
        _buffer.Advance(n);
    }

    public void WriteString(string value)
    {
        var count = Encoding.UTF8.GetByteCount(value);
        WriteLength(count);
        Encoding.UTF8.GetBytes(value, _buffer.GetSpan(count));
        _buffer.Advance(count);
    }

    public void WriteStrings(IReadOnlyList<string>? values)
    {
        WriteLength(values?.Count ?? 0);
        for (var i = 0; i < (values?.Count ?? 0); i++)
        {
            WriteString(values![i]);
        }
    }

    public void WriteBytes(ReadOnlySpan<byte> value)
    {
        WriteLength(value.Length);
        value.CopyTo(_buffer.GetSpan(value.Length));
        _buffer.Advance(value.Length);
    }
}
