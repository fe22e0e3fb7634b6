using System.Buffers;
using System.Net;

namespace HubFramework.Client.Transports;

/// <summary>An HTTP body that writes a pipe's buffered bytes without copying them into an array first.</summary>
internal sealed class ReadOnlySequenceContent : HttpContent
{
    private readonly ReadOnlySequence<byte> _bytes;

    public ReadOnlySequenceContent(ReadOnlySequence<byte> bytes)
    {
        _bytes = bytes;
    }

    protected override async Task SerializeToStreamAsync(Stream stream, System.Net.TransportContext? context)
    {
        foreach (var segment in _bytes)
        {
            await stream.WriteAsync(segment).ConfigureAwait(false);
        }
    }

    protected override Task SerializeToStreamAsync(Stream stream, System.Net.TransportContext? context, CancellationToken cancellationToken) =>
        SerializeAsync(stream, cancellationToken);

    protected override bool TryComputeLength(out long length)
    {
        length = _bytes.Length;
        return true;
    }

    private async Task SerializeAsync(Stream stream, CancellationToken cancellationToken)
    {
        foreach (var segment in _bytes)
        {
            await stream.WriteAsync(segment, cancellationToken).ConfigureAwait(false);
        }
    }
}
