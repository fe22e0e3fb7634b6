using System.IO.Pipelines;
using System.Security.Claims;
using HubFramework.Protocol;
using HubFramework.Server.Connections;
using Microsoft.AspNetCore.Http;

namespace HubFramework.Server.Tests.Infrastructure;

/// <summary>
/// An in-memory <see cref="ClientConnection"/> over two pipes, for driving the hub layer deterministically without a
/// transport. The test plays the client through <see cref="ClientInput"/> / <see cref="ClientOutput"/>.
/// </summary>
internal sealed class TestClientConnection : ClientConnection
{
    private static int s_nextId;

    private readonly Pipe _toServer = new();
    private readonly CancellationTokenSource _closed = new();
    private readonly Dictionary<object, object?> _items = new();
    private Pipe _toClient = new();
    private Func<PipeWriter, Task>? _onReconnected;

    public TestClientConnection(ClaimsPrincipal? user = null)
    {
        ConnectionId = "test-" + Interlocked.Increment(ref s_nextId);
        User = user ?? new ClaimsPrincipal(new ClaimsIdentity());
        Transport = new DuplexPipe(_toServer.Reader, _toClient.Writer);
    }

    public override string ConnectionId { get; }

    public override IDuplexPipe Transport { get; }

    public override ClaimsPrincipal User { get; }

    public override HttpContext? HttpContext => null;

    public override IDictionary<object, object?> Items => _items;

    public HttpTransportType TransportKind { get; set; } = HttpTransportType.WebSockets;

    public override HttpTransportType TransportType => TransportKind;

    public override TransferFormat ActiveFormat { get; set; } = TransferFormat.Text;

    public bool InherentKeepAlive { get; set; }

    public override bool HasInherentKeepAlive => InherentKeepAlive;

    public override CancellationToken ConnectionClosed => _closed.Token;

    public bool Stateful { get; set; }

    public override bool StatefulReconnectEnabled => Stateful;

    public bool ReconnectDisabled { get; private set; }

    public Exception? AbortReason { get; private set; }

    public bool Aborted => _closed.IsCancellationRequested;

    /// <summary>What the client reads (server output).</summary>
    public PipeReader ClientInput => _toClient.Reader;

    /// <summary>What the client writes (server input).</summary>
    public PipeWriter ClientOutput => _toServer.Writer;

    public override void Abort(Exception? reason = null)
    {
        AbortReason = reason;
        _closed.Cancel();
    }

    public override void OnReconnected(Func<PipeWriter, Task> callback) => _onReconnected = callback;

    public override void DisableReconnect() => ReconnectDisabled = true;

    /// <summary>The client went away: its side of the input ends.</summary>
    public void CompleteFromClient() => _toServer.Writer.Complete();

    /// <summary>
    /// Simulates a stateful reconnect: a fresh server-to-client pipe is handed to the hub layer's callback; returns the
    /// reader the client now reads from.
    /// </summary>
    public async Task<PipeReader> ReconnectAsync()
    {
        var callback = _onReconnected ?? throw new InvalidOperationException("The hub layer registered no reconnect callback.");
        var fresh = new Pipe();
        await _toClient.Writer.CompleteAsync();
        _toClient = fresh;
        await callback(fresh.Writer);
        return fresh.Reader;
    }

    private sealed class DuplexPipe(PipeReader input, PipeWriter output) : IDuplexPipe
    {
        public PipeReader Input { get; } = input;

        public PipeWriter Output { get; } = output;
    }
}
