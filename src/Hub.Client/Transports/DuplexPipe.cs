using System.IO.Pipelines;

namespace HubFramework.Client.Transports;

/// <summary>One side of a pair of pipes: what it reads and what it writes.</summary>
internal sealed class DuplexPipe(PipeReader input, PipeWriter output) : IDuplexPipe
{
    public PipeReader Input { get; } = input;

    public PipeWriter Output { get; } = output;

    /// <summary>
    /// Creates the two pipes between a transport and the connection: the transport writes received bytes into
    /// the connection's input and reads the connection's output to send it.
    /// </summary>
    public static (DuplexPipe Transport, DuplexPipe Application) CreatePair(PipeOptions receiveOptions, PipeOptions sendOptions)
    {
        var received = new Pipe(receiveOptions);
        var toSend = new Pipe(sendOptions);
        return (new DuplexPipe(toSend.Reader, received.Writer), new DuplexPipe(received.Reader, toSend.Writer));
    }
}
