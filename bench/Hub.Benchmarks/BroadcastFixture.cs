using HubFramework.Benchmarks.Support;
using System.IO.Pipelines;
using HubFramework.Protocol;
using HubFramework.Server.Hubs;
using HubFramework.Server.Hubs.Outbound;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.Extensions.Logging.Abstractions;
using MsSignalR = Microsoft.AspNetCore.SignalR;
using MsProtocol = Microsoft.AspNetCore.SignalR.Protocol;

namespace HubFramework.Benchmarks;

/// <summary>
/// In-memory connections for broadcast benchmarks, on our lifetime manager and (optionally) on Microsoft's. Each
/// connection's output pipe (over a retaining block pool, like Kestrel's) is read and discarded by a background loop,
/// like a transport that keeps up.
/// </summary>
internal sealed class BroadcastFixture : IDisposable
{
    private readonly List<Pipe> _pipes = new();
    private readonly RetainingMemoryPool _pool = new();
    private readonly int _healthy;
    private readonly List<Task> _drains = new();

    /// <summary>Creates the connections; the last <paramref name="stalled"/> of ours are never read (stalled clients).</summary>
    public BroadcastFixture(int connections, IHubProtocol protocol, MsProtocol.IHubProtocol? microsoftProtocol, Action<HubOptions>? configure = null, int stalled = 0)
    {
        Ours = new DefaultHubLifetimeManager<BenchmarkHub>(NullLogger<DefaultHubLifetimeManager<BenchmarkHub>>.Instance);
        OurConnections = new HubConnectionContext[connections];
        _healthy = connections - stalled;
        var options = new HubOptions();
        configure?.Invoke(options);
        for (var i = 0; i < connections; i++)
        {
            // A stalled client's pipe fills to its limit (like a transport that stopped sending) and is never read.
            var pipe = i < _healthy ? NewDrainedPipe() : new Pipe(new PipeOptions(_pool, pauseWriterThreshold: 64 * 1024, resumeWriterThreshold: 32 * 1024));
            var connection = new InMemoryClientConnection(new DuplexPipeEnds(new Pipe().Reader, pipe.Writer));
            OurConnections[i] = new HubConnectionContext(connection, protocol, null, options, NullLogger.Instance);
            Ours.OnConnectedAsync(OurConnections[i]).GetAwaiter().GetResult();
        }

        if (microsoftProtocol is null)
        {
            return;
        }

        Microsoft = new MsSignalR.DefaultHubLifetimeManager<MicrosoftBenchmarkHub>(NullLogger<MsSignalR.DefaultHubLifetimeManager<MicrosoftBenchmarkHub>>.Instance);
        for (var i = 0; i < connections; i++)
        {
            var transport = new DuplexPipe(new Pipe().Reader, NewDrainedPipe().Writer);
            var connection = new MsSignalR.HubConnectionContext(
                new DefaultConnectionContext($"ms-{i}", transport, transport),
                new MsSignalR.HubConnectionContextOptions { KeepAliveInterval = TimeSpan.FromMinutes(5), ClientTimeoutInterval = TimeSpan.FromMinutes(10) },
                NullLoggerFactory.Instance)
            {
                Protocol = microsoftProtocol,
            };
            Microsoft.OnConnectedAsync(connection).GetAwaiter().GetResult();
        }
    }

    public DefaultHubLifetimeManager<BenchmarkHub> Ours { get; }

    public HubConnectionContext[] OurConnections { get; }

    public MsSignalR.DefaultHubLifetimeManager<MicrosoftBenchmarkHub>? Microsoft { get; }

    /// <summary>Broadcasts with our lifetime manager and returns once every connection (but stalled ones) has flushed the message.</summary>
    public async Task BroadcastOursAsync(string method, object?[] arguments, SendOptions? options = null)
    {
        await Ours.SendAllAsync(method, arguments, options);
        for (var i = 0; i < _healthy; i++)
        {
            // A busy connection's send only queues; the operation is over when its sender loop has flushed the message.
            while (OurConnections[i].Outbound.QueuedMessages > 0)
            {
                await Task.Yield();
            }
        }
    }

    public void Dispose()
    {
        foreach (var connection in OurConnections)
        {
            connection.Outbound.DisposeAsync().AsTask().GetAwaiter().GetResult();
        }

        foreach (var pipe in _pipes)
        {
            pipe.Writer.Complete();
        }

        Task.WaitAll(_drains.ToArray(), TimeSpan.FromSeconds(10));
    }

    private Pipe NewDrainedPipe()
    {
        var pipe = new Pipe(new PipeOptions(_pool, useSynchronizationContext: false));
        _pipes.Add(pipe);
        _drains.Add(Task.Run(() => DrainAsync(pipe.Reader)));
        return pipe;
    }

    /// <summary>Reads and discards everything until the pipe completes, like a transport that keeps up.</summary>
    private static async Task DrainAsync(PipeReader reader)
    {
        while (true)
        {
            var result = await reader.ReadAsync();
            reader.AdvanceTo(result.Buffer.End);
            if (result.IsCompleted || result.IsCanceled)
            {
                return;
            }
        }
    }

    /// <summary>The hub type our lifetime manager serves.</summary>
    public sealed class BenchmarkHub : Hub
    {
    }

    /// <summary>The hub type Microsoft's lifetime manager serves.</summary>
    public sealed class MicrosoftBenchmarkHub : MsSignalR.Hub
    {
    }

    private sealed class DuplexPipe(PipeReader input, PipeWriter output) : IDuplexPipe
    {
        public PipeReader Input { get; } = input;

        public PipeWriter Output { get; } = output;
    }
}
