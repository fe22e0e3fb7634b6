using System.Buffers;

namespace HubFramework.Server.Transports;

/// <summary>
/// Collects one WebSocket message until its last frame so that a socket dying mid-message never delivers half a
/// message to the application (needed with stateful reconnect, where a new socket continues the same stream).
/// Memory is rented only while a message is in flight.
/// </summary>
internal sealed class WebSocketMessageBuffer : IDisposable
{
    private const int MinimumGrowth = 4096;

    private readonly long _maxSize;
    private byte[]? _buffer;
    private int _length;

    /// <param name="maxSize">Largest message accepted; 0 means unbounded.</param>
    public WebSocketMessageBuffer(long maxSize) => _maxSize = maxSize;

    public int Length => _length;

    public ReadOnlyMemory<byte> Message => _buffer is null ? ReadOnlyMemory<byte>.Empty : _buffer.AsMemory(0, _length);

    /// <summary>Space for the next receive; false when the message is already over the limit.</summary>
    public bool TryGetMemory(out Memory<byte> memory)
    {
        if (IsOverLimit)
        {
            memory = default;
            return false;
        }

        if (_buffer is null || _buffer.Length == _length)
        {
            var wanted = Math.Max(MinimumGrowth, (long)_length * 2);
            if (_maxSize > 0)
            {
                // One byte past the limit lets an over-size message be detected rather than silently truncated.
                wanted = Math.Min(wanted, _maxSize + 1);
            }

            var grown = ArrayPool<byte>.Shared.Rent((int)Math.Min(wanted, Array.MaxLength));
            if (_buffer is not null)
            {
                _buffer.AsSpan(0, _length).CopyTo(grown);
                ArrayPool<byte>.Shared.Return(_buffer);
            }

            _buffer = grown;
        }

        memory = _buffer.AsMemory(_length);
        return true;
    }

    public void Advance(int count) => _length += count;

    /// <summary>Whether the collected bytes exceed the limit.</summary>
    public bool IsOverLimit => _maxSize > 0 && _length > _maxSize;

    /// <summary>Forgets the message and returns the memory to the pool.</summary>
    public void Reset()
    {
        if (_buffer is not null)
        {
            ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = null;
        }

        _length = 0;
    }

    public void Dispose() => Reset();
}
