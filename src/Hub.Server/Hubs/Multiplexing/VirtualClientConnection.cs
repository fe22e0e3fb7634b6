using System.Collections.Concurrent;
using System.IO.Pipelines;
using System.Security.Claims;
using HubFramework.Protocol;
using HubFramework.Server.Connections;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace HubFramework.Server.Hubs.Multiplexing;

/// <summary>
/// One extra namespace carried inside a physical hub connection: to the target namespace's hub pipeline it is a
/// connection of its own (own id, user and HTTP context of the physical connection, route values of the opened path);
/// its bytes travel as <c>$mux.data</c> messages of the physical connection.
/// </summary>
internal sealed class VirtualClientConnection : ClientConnection
{
    private readonly Pipe _input = new(new PipeOptions(pauseWriterThreshold: 1024 * 1024, resumeWriterThreshold: 512 * 1024, useSynchronizationContext: false));
    private readonly Pipe _output = new(new PipeOptions(useSynchronizationContext: false));
    private readonly CancellationTokenSource _closed = new();
    private readonly ClientConnection _physical;
    private readonly ConcurrentDictionary<object, object?> _items = new();

    public VirtualClientConnection(ClientConnection physical, string endpointPath, RouteValueDictionary routeValues)
    {
        _physical = physical;
        ConnectionId = Guid.NewGuid().ToString("N");
        EndpointPath = endpointPath;
        RouteValues = routeValues;
        Transport = new Duplex(_input.Reader, _output.Writer);
    }

    public override string ConnectionId { get; }

    public override IDuplexPipe Transport { get; }

    /// <summary>Where the multiplexer writes the client's bytes for this namespace.</summary>
    public PipeWriter ClientBytes => _input.Writer;

    /// <summary>Where the multiplexer reads the hub's bytes for this namespace.</summary>
    public PipeReader HubBytes => _output.Reader;

    public override ClaimsPrincipal User => _physical.User;

    public override HttpContext? HttpContext => _physical.HttpContext;

    public override IDictionary<object, object?> Items => _items;

    public override HttpTransportType TransportType => _physical.TransportType;

    public override TransferFormat ActiveFormat { get; set; }

    // The channel's own pings travel inside the physical connection, like any other message of it.
    public override bool HasInherentKeepAlive => false;

    public override CancellationToken ConnectionClosed => _closed.Token;

    public override bool StatefulReconnectEnabled => false;

    public override string? EndpointPath { get; }

    public override RouteValueDictionary RouteValues { get; }

    public override void Abort(Exception? reason = null)
    {
        _input.Writer.Complete(reason);
        _output.Reader.CancelPendingRead();
        Cancel();
    }

    public override void OnReconnected(Func<PipeWriter, Task> callback)
    {
    }

    public override void DisableReconnect()
    {
    }

    /// <summary>The channel's hub is done writing.</summary>
    public void CompleteHubBytes() => _output.Writer.Complete();

    public void Cancel()
    {
        try
        {
            _closed.Cancel();
        }
        catch (ObjectDisposedException)
        {
        }
    }

    private sealed class Duplex(PipeReader input, PipeWriter output) : IDuplexPipe
    {
        public PipeReader Input { get; } = input;

        public PipeWriter Output { get; } = output;
    }
}
