using System.Buffers;
using System.IO.Pipelines;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace HubFramework.Server.Backplane.Nats;

/// <summary>
/// The response of a relayed request on the owner: what the dispatcher writes is collected until it flushes (or a
/// chunk fills), then sent to the edge, the first time as a head frame with the status and headers.
/// </summary>
internal sealed class RelayedResponse : Stream, IHttpResponseFeature, IHttpResponseBodyFeature
{
    private readonly RelayStream _stream;
    private readonly int _chunkSize;
    private readonly ArrayBufferWriter<byte> _pending = new();
    private readonly ArrayBufferWriter<byte> _frame = new();
    private readonly SemaphoreSlim _sending = new(1, 1);
    private readonly List<(Func<object, Task> Callback, object State)> _onStarting = [];
    private readonly List<(Func<object, Task> Callback, object State)> _onCompleted = [];
    private PipeWriter? _writer;
    private bool _headSent;
    private bool _ended;

    public RelayedResponse(RelayStream stream, int chunkSize)
    {
        _stream = stream;
        _chunkSize = chunkSize;
        Body = this;
    }

    public int StatusCode { get; set; } = StatusCodes.Status200OK;

    public string? ReasonPhrase { get; set; }

    public IHeaderDictionary Headers { get; set; } = new HeaderDictionary();

    public Stream Body { get; set; }

    public bool HasStarted => _headSent;

    public Stream Stream => this;

    public PipeWriter Writer => _writer ??= PipeWriter.Create(this, new StreamPipeWriterOptions(leaveOpen: true));

    public override bool CanRead => false;

    public override bool CanSeek => false;

    public override bool CanWrite => true;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    public void OnStarting(Func<object, Task> callback, object state) => _onStarting.Add((callback, state));

    public void OnCompleted(Func<object, Task> callback, object state) => _onCompleted.Add((callback, state));

    public void DisableBuffering()
    {
        // Every flush is sent already.
    }

    public Task StartAsync(CancellationToken cancellationToken = default) => SendAsync(end: false, force: true, cancellationToken);

    public Task SendFileAsync(string path, long offset, long? count, CancellationToken cancellationToken = default)
        => SendFileFallback.SendFileAsync(this, path, offset, count, cancellationToken);

    public async Task CompleteAsync()
    {
        if (_writer is not null)
        {
            await _writer.FlushAsync().ConfigureAwait(false);
        }

        await FinishAsync(CancellationToken.None).ConfigureAwait(false);
    }

    /// <summary>Sends what is left with the end flag (and the head, if nothing was sent yet).</summary>
    public async Task FinishAsync(CancellationToken cancellationToken)
    {
        if (_ended)
        {
            return;
        }

        if (_writer is not null)
        {
            await _writer.FlushAsync(cancellationToken).ConfigureAwait(false);
        }

        await SendAsync(end: true, force: true, cancellationToken).ConfigureAwait(false);
        foreach (var (callback, state) in _onCompleted)
        {
            try
            {
                await callback(state).ConfigureAwait(false);
            }
            catch (Exception)
            {
                // As on a real server, completion callbacks cannot change the response any more.
            }
        }
    }

    public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (_ended)
        {
            throw new InvalidOperationException("The relayed response has ended.");
        }

        _pending.Write(buffer.Span);
        if (_pending.WrittenCount >= _chunkSize)
        {
            await SendAsync(end: false, force: false, cancellationToken).ConfigureAwait(false);
        }
    }

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
        => WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override void Write(byte[] buffer, int offset, int count) => _pending.Write(buffer.AsSpan(offset, count));

    public override Task FlushAsync(CancellationToken cancellationToken) => SendAsync(end: false, force: false, cancellationToken);

    public override void Flush()
    {
        // Sent on the next asynchronous flush or at the end.
    }

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    private async Task SendAsync(bool end, bool force, CancellationToken cancellationToken)
    {
        await _sending.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_ended || (!force && _pending.WrittenCount == 0 && _headSent))
            {
                return;
            }

            var body = _pending.WrittenMemory;
            var offset = 0;
            do
            {
                RelayFrameKind kind;
                // Reused: a publish has copied the frame into NATS's buffer by the time it completes.
                var frame = _frame;
                frame.ResetWrittenCount();
                if (!_headSent)
                {
                    foreach (var (callback, state) in _onStarting)
                    {
                        await callback(state).ConfigureAwait(false);
                    }

                    _onStarting.Clear();
                    RelayResponseHead.Write(frame, StatusCode, Headers);
                    kind = RelayFrameKind.Head;
                    _headSent = true;
                }
                else
                {
                    kind = RelayFrameKind.Data;
                }

                var take = Math.Min(body.Length - offset, Math.Max(0, _chunkSize - frame.WrittenCount));
                frame.Write(body.Span.Slice(offset, take));
                offset += take;
                var last = offset == body.Length;
                await _stream.SendAsync(kind, last && end ? RelayFrameFlags.End : RelayFrameFlags.None, frame.WrittenMemory, cancellationToken).ConfigureAwait(false);
            }
            while (offset < body.Length);

            _pending.Clear();
            _ended = end;
        }
        finally
        {
            _sending.Release();
        }
    }
}
