using System.Buffers;
using System.IO.Pipelines;
using System.Runtime.CompilerServices;
using System.Text;

namespace HubFramework.Benchmarks.Support;

/// <summary>
/// The client's side of an in-memory hub connection: writes pre-encoded frames and reads the server's frames, without
/// decoding them (a benchmark only needs to know one has arrived).
/// </summary>
internal sealed class ClientEnd
{
    private readonly DuplexPipeEnds _pipes;
    private readonly bool _binary;

    public ClientEnd(DuplexPipeEnds pipes, bool binary)
    {
        _pipes = pipes;
        _binary = binary;
    }

    public PipeReader Input => _pipes.Input;

    /// <summary>Sends the handshake request and returns the server's response (always a text frame).</summary>
    public async Task<string> HandshakeAsync(string protocol)
    {
        await _pipes.Output.WriteAsync(Encoding.UTF8.GetBytes($"{{\"protocol\":\"{protocol}\",\"version\":1}}\u001e"));
        var response = await ReadFrameAsync(binary: false);
        return Encoding.UTF8.GetString(response);
    }

    /// <summary>Sends one frame and waits for the next frame from the server, which it discards: one invocation and its completion.</summary>
    /// <remarks>Pooled, so that when it has to wait its state machine is not counted against the server measured.</remarks>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder))]
    public async ValueTask RoundTripAsync(ReadOnlyMemory<byte> frame)
    {
        var flush = await _pipes.Output.WriteAsync(frame);
        if (flush.IsCompleted)
        {
            throw new InvalidOperationException("The server stopped reading.");
        }

        var input = _pipes.Input;
        while (true)
        {
            var result = await input.ReadAsync();
            var buffer = result.Buffer;
            if (FrameReader.TryTakeFrame(ref buffer, _binary, out _))
            {
                input.AdvanceTo(buffer.Start);
                return;
            }

            if (result.IsCompleted)
            {
                throw new InvalidOperationException("The server closed the connection.");
            }

            input.AdvanceTo(buffer.Start, buffer.End);
        }
    }

    /// <summary>Sends one frame and returns the server's answer as bytes: for checking, once, that an invocation does what the benchmark claims.</summary>
    public async Task<byte[]> InvokeForCheckAsync(ReadOnlyMemory<byte> frame)
    {
        await _pipes.Output.WriteAsync(frame);
        return await ReadFrameAsync(_binary);
    }

    /// <summary>Tells the server the client has gone.</summary>
    public void Close() => _pipes.Output.Complete();

    private async Task<byte[]> ReadFrameAsync(bool binary)
    {
        var input = _pipes.Input;
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (true)
        {
            var result = await input.ReadAsync(timeout.Token);
            var buffer = result.Buffer;
            if (FrameReader.TryTakeFrame(ref buffer, binary, out var frame))
            {
                var bytes = frame.ToArray();
                input.AdvanceTo(buffer.Start);
                return bytes;
            }

            if (result.IsCompleted)
            {
                throw new InvalidOperationException("The server closed the connection.");
            }

            input.AdvanceTo(buffer.Start, buffer.End);
        }
    }
}
