using System.IO.Pipelines;
using System.Security.Claims;
using HubFramework.Protocol;
using HubFramework.Server.Connections;
using Microsoft.AspNetCore.Http;

namespace HubFramework.Benchmarks.Support;

/// <summary>
/// A connection as the connection layer would hand it to a hub, minus the socket: the transport is a pipe pair, so
/// a benchmark measures the hub layer alone.
/// </summary>
internal sealed class InMemoryClientConnection : ClientConnection
{
    private static int s_nextId;
    private readonly CancellationTokenSource _closed = new();
    private readonly Dictionary<object, object?> _items = new();

    public InMemoryClientConnection(IDuplexPipe serverEnd)
    {
        ConnectionId = "in-memory-" + Interlocked.Increment(ref s_nextId);
        Transport = serverEnd;
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

    // Stateful reconnect is off, so no transport ever re-attaches.
    public override void OnReconnected(Func<PipeWriter, Task> callback)
    {
    }

    public override void DisableReconnect()
    {
    }
}
