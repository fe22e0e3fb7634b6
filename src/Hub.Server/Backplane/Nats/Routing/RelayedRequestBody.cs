namespace HubFramework.Server.Backplane.Nats;

/// <summary>The body of a relayed request on the owner: the bytes of the open message, then data frames until the end flag.</summary>
internal sealed class RelayedRequestBody : Stream
{
    private readonly RelayStream _stream;
    private readonly byte[] _initial;
    private int _initialOffset;
    private bool _complete;
    private RelayFrame? _current;
    private int _offset;

    public RelayedRequestBody(RelayStream stream, byte[] initial, bool complete)
    {
        _stream = stream;
        _initial = initial;
        _complete = complete;
    }

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (buffer.IsEmpty)
        {
            return 0;
        }

        if (_initialOffset < _initial.Length)
        {
            var count = Math.Min(buffer.Length, _initial.Length - _initialOffset);
            _initial.AsSpan(_initialOffset, count).CopyTo(buffer.Span);
            _initialOffset += count;
            return count;
        }

        while (true)
        {
            if (_current is null)
            {
                if (_complete)
                {
                    return 0;
                }

                RelayFrame frame;
                try
                {
                    frame = await _stream.ReadAsync(cancellationToken).ConfigureAwait(false);
                }
                catch (RelayAbortedException ex)
                {
                    throw new IOException("The relayed request ended: " + ex.Message, ex);
                }

                if (frame.Kind != RelayFrameKind.Data)
                {
                    frame.Release();
                    _stream.Abort("the edge sent an unexpected relay frame in a request body", notifyPeer: true);
                    throw new IOException("The relayed request body was malformed.");
                }

                _current = frame;
                _offset = 0;
            }

            var current = _current;
            var take = Math.Min(buffer.Length, current.Length - _offset);
            current.Payload.Span.Slice(_offset, take).CopyTo(buffer.Span);
            _offset += take;
            if (_offset == current.Length)
            {
                _complete = current.IsEnd;
                _stream.Consumed(current.Length);
                current.Release();
                _current = null;
            }

            if (take > 0)
            {
                return take;
            }
        }
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
        => ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override int Read(byte[] buffer, int offset, int count) => ReadAsync(buffer, offset, count, CancellationToken.None).GetAwaiter().GetResult();

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _current?.Release();
            _current = null;
        }

        base.Dispose(disposing);
    }
}
