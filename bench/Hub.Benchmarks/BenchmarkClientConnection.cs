using System.IO.Pipelines;
using System.Security.Claims;
using HubFramework.Protocol;
using HubFramework.Server.Connections;
using Microsoft.AspNetCore.Http;

namespace HubFramework.Benchmarks;

/// <summary>
/// A connection without a transport for fan-out benchmarks: what the server writes is read and discarded by a
/// background loop, like a transport that keeps up.
/// </summary>
internal sealed class BenchmarkClientConnection : ClientConnection
{
    private static int s_nextId;
    private readonly CancellationTokenSource _closed = new();
    private readonly Dictionary<object, object?> _items = new();

    public BenchmarkClientConnection(Pipe toClient)
    {
        ConnectionId = "bench-" + Interlocked.Increment(ref s_nextId);
        Transport = new DuplexPipe(new Pipe().Reader, toClient.Writer);
    }

    public override string ConnectionId { get; }

    public override IDuplexPipe Transport { get; }

    public override ClaimsPrincipal User { get; } = new(new ClaimsIdentity());

    public override HttpContext? HttpContext => null;

    public override IDictionary<object, object?> Items => _items;

    public override HttpTransportType TransportType => HttpTransportType.WebSockets;

    public override TransferFormat ActiveFormat { get; set; } = TransferFormat.Text;

    public override bool HasInherentKeepAlive => false;

    public override CancellationToken ConnectionClosed => _closed.Token;

    public override bool StatefulReconnectEnabled => false;

    public override void Abort(Exception? reason = null) => _closed.Cancel();

    // Stateful reconnect is off: nothing re-attaches a transport.
    public override void OnReconnected(Func<PipeWriter, Task> callback)
    {
    }

    public override void DisableReconnect()
    {
    }

    /// <summary>Reads and discards everything until the pipe completes.</summary>
    public static async Task DrainAsync(PipeReader reader)
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

    private sealed class DuplexPipe(PipeReader input, PipeWriter output) : IDuplexPipe
    {
        public PipeReader Input { get; } = input;

        public PipeWriter Output { get; } = output;
    }
}
