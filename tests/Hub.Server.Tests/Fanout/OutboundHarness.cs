using System.Collections.Concurrent;
using System.IO.Pipelines;
using HubFramework.Protocol;
using HubFramework.Server.Hubs;
using HubFramework.Server.Hubs.Outbound;
using Microsoft.Extensions.Logging.Abstractions;

namespace HubFramework.Server.Tests.Fanout;

/// <summary>A <see cref="ConnectionOutbound"/> over an in-memory pipe whose reader the test controls.</summary>
internal sealed class OutboundHarness : IAsyncDisposable
{
    public OutboundHarness(Action<HubOptions>? configure = null, bool stateful = false, bool stalledReader = true, IHubProtocol? protocol = null, System.Buffers.MemoryPool<byte>? pool = null)
    {
        Options = new HubOptions();
        configure?.Invoke(Options);
        Pipe = NewPipe(stalledReader, pool);
        Writer = new CountingPipeWriter(Pipe.Writer);
        Outbound = new ConnectionOutbound(Writer, protocol ?? TestTextProtocol.Instance, Options, stateful, reason => CloseReasons.Enqueue(reason), NullLogger.Instance);
    }

    public HubOptions Options { get; }

    public Pipe Pipe { get; }

    public CountingPipeWriter Writer { get; }

    public ConnectionOutbound Outbound { get; }

    public ConcurrentQueue<string> CloseReasons { get; } = new();

    public PipeReader Reader => Pipe.Reader;

    /// <summary>
    /// A pipe whose writer blocks on every flush until the reader has consumed everything (a stalled client), or one
    /// that never blocks.
    /// </summary>
    public static Pipe NewPipe(bool stalledReader, System.Buffers.MemoryPool<byte>? pool = null) => stalledReader
        ? new Pipe(new PipeOptions(pool, pauseWriterThreshold: 1, resumeWriterThreshold: 1))
        : new Pipe(new PipeOptions(pool, pauseWriterThreshold: 0, resumeWriterThreshold: 0));

    public static InvocationMessage Invocation(string target, params object?[] args) => new(target, args);

    public ValueTask SendAsync(string target, SendOptions? options = null, CancellationToken cancellationToken = default)
        => Outbound.WriteAsync(Invocation(target), options, cancellationToken);

    /// <summary>Sends one message and waits until the sender is blocked flushing it (the reader is stalled).</summary>
    public async Task SendFirstAndStallAsync(string target = "first")
    {
        await SendAsync(target);
        await Writer.WaitForFlushesAsync(1).WaitAsync(FrameReader.DefaultTimeout);
    }

    public Task<List<string>> ReadAsync(int count) => FrameReader.ReadFramesAsync(Reader, count);

    public async ValueTask DisposeAsync()
    {
        await Outbound.DisposeAsync();
        Pipe.Reader.Complete();
        Pipe.Writer.Complete();
    }
}
