using System.Buffers;
using System.IO.Pipelines;
using System.Security.Claims;
using HubFramework.Protocol;
using HubFramework.Server.Connections;
using HubFramework.Server.Hubs;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging.Abstractions;

namespace HubFramework.Server.Tests.Fanout;

/// <summary>
/// A hub connection without a transport: the server writes into an in-memory pipe that the test reads (or, to play
/// a stalled client, does not read).
/// </summary>
internal sealed class FanoutConnection : ClientConnection
{
    private static int s_nextId;

    private readonly CancellationTokenSource _closed = new();
    private readonly Dictionary<object, object?> _items = new();
    private readonly Pipe _toServer = new();

    private FanoutConnection(Pipe toClient)
    {
        ConnectionId = "fanout-" + Interlocked.Increment(ref s_nextId);
        ToClient = toClient;
        Transport = new DuplexPipe(_toServer.Reader, toClient.Writer);
    }

    public Pipe ToClient { get; }

    public HubConnectionContext Context { get; private set; } = default!;

    public PipeReader Reader => ToClient.Reader;

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

    /// <summary>Creates the connection and its hub context (with its outbound queue).</summary>
    public static FanoutConnection Create(IHubProtocol? protocol = null, string? user = null, Action<HubOptions>? configure = null, bool stalled = false, MemoryPool<byte>? pool = null)
    {
        var options = new HubOptions();
        configure?.Invoke(options);
        var connection = new FanoutConnection(OutboundHarness.NewPipe(stalled, pool));
        connection.Context = new HubConnectionContext(connection, protocol ?? TestTextProtocol.Instance, user, options, NullLogger.Instance);
        return connection;
    }

    public Task<List<string>> ReadAsync(int count) => FrameReader.ReadFramesAsync(Reader, count);

    public Task<List<string>> ReadRestAsync() => FrameReader.ReadAvailableFramesAsync(Reader, TimeSpan.FromMilliseconds(100));

    public override void Abort(Exception? reason = null) => _closed.Cancel();

    // Stateful reconnect is off for these connections, so nothing ever re-attaches a transport.
    public override void OnReconnected(Func<PipeWriter, Task> callback)
    {
    }

    public override void DisableReconnect()
    {
    }

    private sealed class DuplexPipe(PipeReader input, PipeWriter output) : IDuplexPipe
    {
        public PipeReader Input { get; } = input;

        public PipeWriter Output { get; } = output;
    }
}
