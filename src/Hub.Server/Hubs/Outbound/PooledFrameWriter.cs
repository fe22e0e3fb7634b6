using System.Buffers;

namespace HubFramework.Server.Hubs.Outbound;

/// <summary>
/// An <see cref="IBufferWriter{T}"/> over arrays rented from <see cref="ArrayPool{T}.Shared"/>: a message is serialized
/// straight into a pooled array that the outbound queue then owns until the bytes are written (or acknowledged).
/// One instance is cached per thread, so serializing a message allocates nothing.
/// </summary>
internal sealed class PooledFrameWriter : IBufferWriter<byte>
{
    private const int MinimumBufferSize = 256;

    [ThreadStatic]
    private static PooledFrameWriter? t_cached;

    private byte[] _buffer = Array.Empty<byte>();
    private int _written;

    /// <summary>Takes the thread's cached writer (or a new one); give it back with <see cref="Return"/>.</summary>
    public static PooledFrameWriter Rent()
    {
        var writer = t_cached ?? new PooledFrameWriter();
        t_cached = null;
        return writer;
    }

    /// <summary>Returns <paramref name="writer"/> to the thread cache, releasing any buffer it still holds.</summary>
    public static void Return(PooledFrameWriter writer)
    {
        writer.Reset();
        t_cached = writer;
    }

    public int WrittenCount => _written;

    /// <summary>Hands over the pooled array holding the written bytes; the writer is empty afterwards.</summary>
    public byte[] Detach(out int length)
    {
        var buffer = _buffer;
        length = _written;
        _buffer = Array.Empty<byte>();
        _written = 0;
        return buffer;
    }

    public void Advance(int count)
    {
        if ((uint)count > (uint)(_buffer.Length - _written))
        {
            throw new ArgumentOutOfRangeException(nameof(count), "Advanced past the end of the buffer.");
        }

        _written += count;
    }

    public Memory<byte> GetMemory(int sizeHint = 0)
    {
        Ensure(sizeHint);
        return _buffer.AsMemory(_written);
    }

    public Span<byte> GetSpan(int sizeHint = 0)
    {
        Ensure(sizeHint);
        return _buffer.AsSpan(_written);
    }

    private void Ensure(int sizeHint)
    {
        var needed = Math.Max(sizeHint, 1);
        if (_buffer.Length - _written >= needed)
        {
            return;
        }

        var size = Math.Max(Math.Max(_buffer.Length * 2, _written + needed), MinimumBufferSize);
        var next = ArrayPool<byte>.Shared.Rent(size);
        _buffer.AsSpan(0, _written).CopyTo(next);
        if (_buffer.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(_buffer);
        }

        _buffer = next;
    }

    private void Reset()
    {
        if (_buffer.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(_buffer);
        }

        _buffer = Array.Empty<byte>();
        _written = 0;
    }
}
