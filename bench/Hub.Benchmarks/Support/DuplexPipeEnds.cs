using System.IO.Pipelines;

namespace HubFramework.Benchmarks.Support;

/// <summary>One side's view of an in-memory connection: what it reads and what it writes.</summary>
internal sealed class DuplexPipeEnds(PipeReader input, PipeWriter output) : IDuplexPipe
{
    public PipeReader Input { get; } = input;

    public PipeWriter Output { get; } = output;

    /// <summary>
    /// Two pipes, crossed: the server reads what the client writes and the other way round. Continuations run inline
    /// rather than on the thread pool, so a benchmark measures the servers' own work instead of thread hand-offs, whose
    /// latency on a small, busy machine is mostly the OS scheduler's (and would swamp both servers alike).
    /// </summary>
    public static (DuplexPipeEnds Server, DuplexPipeEnds Client) CreatePair()
    {
        var options = new PipeOptions(readerScheduler: PipeScheduler.Inline, writerScheduler: PipeScheduler.Inline, useSynchronizationContext: false);
        var toServer = new Pipe(options);
        var toClient = new Pipe(options);
        return (new DuplexPipeEnds(toServer.Reader, toClient.Writer), new DuplexPipeEnds(toClient.Reader, toServer.Writer));
    }
}
