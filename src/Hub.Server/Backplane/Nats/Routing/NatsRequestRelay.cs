using System.Buffers.Binary;
using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using HubFramework.Server.Connections;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using NATS.Client.Core;

namespace HubFramework.Server.Backplane.Nats;

/// <summary>
/// Serves transport requests of connections owned by other nodes through them over NATS, and serves theirs: no
/// sticky sessions. The receiving node (edge) forwards the request line, headers, body and authenticated identity;
/// the owner runs it through its own connection dispatcher on a request whose body, response and WebSocket are
/// relay streams (<see cref="RelayStream"/>), so every status code and transport rule is the local one.
/// </summary>
/// <remarks>
/// Relaying rather than adopting a connection on the node a request lands on: a connection that has started has its
/// application, buffers (stateful reconnect) and groups on its owner, and a client's requests alternate between
/// nodes at the load balancer's whim, so only the owner can serve them; one mechanism covers all of them.
/// Subjects: <c>{prefix}.relay.{node}.open</c> (request/reply: take a request) and <c>{prefix}.relay.{node}.frames</c>
/// (every stream frame to that node).
/// </remarks>
internal sealed class NatsRequestRelay : IConnectionRequestRelay, IHostedService, IAsyncDisposable
{
    private const byte Accepted = 1;
    private const byte Rejected = 2;
    private const int FrameOverhead = RelayFrame.HeaderSize + 64;

    private readonly NatsBackplaneConnection _backplane;
    private readonly NatsRequestRelayOptions _options;
    private readonly IServiceProvider _services;
    private readonly RelayMetrics _metrics;
    private readonly ILogger _logger;
    private readonly ConcurrentDictionary<string, RequestDelegate> _endpoints = new(StringComparer.OrdinalIgnoreCase);
    private readonly ConcurrentDictionary<ulong, RelayStream> _streams = new();
    private readonly CancellationTokenSource _stopping = new();
    private readonly List<Task> _loops = [];
    private long _nextStreamId;
    private int _edgeRelays;
    private int _ownerRelays;

    public NatsRequestRelay(NatsBackplaneConnection backplane, IServiceProvider services, RelayMetrics metrics, ILoggerFactory loggerFactory)
    {
        _backplane = backplane;
        _options = backplane.Options.Relay;
        _options.Validate();
        _services = services;
        _metrics = metrics;
        _logger = loggerFactory.CreateLogger("HubFramework.Server.Backplane.Nats.Routing");
        Span<byte> seed = stackalloc byte[4];
        RandomNumberGenerator.Fill(seed);
        _nextStreamId = BinaryPrimitives.ReadUInt32LittleEndian(seed);
        OpenSubject = OpenSubjectOf(NodeId);
        OwnFrameSubject = FrameSubject(NodeId);
    }

    public string NodeId => _backplane.NodeId;

    public NatsRequestRelayOptions Options => _options;

    public ILogger Logger => _logger;

    public RelayMetrics Metrics => _metrics;

    public IServiceProvider Services => _services;

    internal string OpenSubject { get; }

    internal string OwnFrameSubject { get; }

    internal int StreamCount => _streams.Count;

    /// <summary>The largest payload one relay frame carries: the configured chunk size within NATS's max_payload.</summary>
    public int ChunkSize
    {
        get
        {
            var max = _backplane.Connection.ServerInfo?.MaxPayload ?? 1024 * 1024;
            return (int)Math.Max(512, Math.Min(_options.ChunkSize, max - FrameOverhead));
        }
    }

    public long MaxPayload => _backplane.Connection.ServerInfo?.MaxPayload ?? 1024 * 1024;

    public string FrameSubject(string node) => _backplane.SubjectRoot + "relay." + node + ".frames";

    public void AddEndpoint(string endpoint, RequestDelegate serve)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        ArgumentNullException.ThrowIfNull(serve);
        _endpoints[endpoint] = serve;
    }

    public async Task<bool> TryRelayAsync(HttpContext context, string endpoint, string connectionToken)
    {
        if (!ConnectionToken.TryGetNodeId(connectionToken, out var owner) || string.Equals(owner, NodeId, StringComparison.Ordinal))
        {
            return false;
        }

        await new RelayedRequestForwarder(this, context, endpoint, owner).ForwardAsync().ConfigureAwait(false);
        return true;
    }

    public Task StartAsync(CancellationToken cancellationToken)
    {
        _loops.Add(Task.Run(() => ServeOpensAsync(_stopping.Token)));
        _loops.Add(Task.Run(() => ReceiveFramesAsync(_stopping.Token)));
        _loops.Add(Task.Run(() => KeepAliveAsync(_stopping.Token)));
        return Task.CompletedTask;
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await _stopping.CancelAsync().ConfigureAwait(false);
        foreach (var stream in _streams.Values)
        {
            stream.Abort("the node is shutting down", notifyPeer: true);
        }

        try
        {
            await Task.WhenAll(_loops).WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is OperationCanceledException or TimeoutException)
        {
            // The host's shutdown timeout won.
        }
    }

    public ValueTask DisposeAsync()
    {
        // Not disposed: the loops may still be unwinding (a subscription waiting for NATS) and touch its token.
        _stopping.Cancel();
        return ValueTask.CompletedTask;
    }

    /// <summary>Claims a relay slot for <paramref name="role"/>; false (the caller answers 503) when all are taken.</summary>
    public bool TryEnter(RelayRole role)
    {
        ref var count = ref role == RelayRole.Edge ? ref _edgeRelays : ref _ownerRelays;
        if (Interlocked.Increment(ref count) > _options.MaxConcurrentRelays)
        {
            Interlocked.Decrement(ref count);
            _metrics.Failed(RelayFailure.Busy);
            RelayLog.TooManyRelays(_logger, _options.MaxConcurrentRelays, role);
            return false;
        }

        return true;
    }

    public void Exit(RelayRole role) => Interlocked.Decrement(ref role == RelayRole.Edge ? ref _edgeRelays : ref _ownerRelays);

    public RelayStream CreateStream(RelayRole role)
    {
        var stream = new RelayStream(this, (ulong)Interlocked.Increment(ref _nextStreamId), role, _options.WindowSize);
        _streams[stream.Id] = stream;
        return stream;
    }

    public void Remove(RelayStream stream) => _streams.TryRemove(new KeyValuePair<ulong, RelayStream>(stream.Id, stream));

    public void CountFailure(RelayFailure reason) => _metrics.Failed(reason);

    public void CountBytes(long sent = 0, long received = 0) => _metrics.Bytes(sent, received);

    public void OnFailed(RelayStream stream, string reason) => RelayLog.Failed(_logger, stream.Id, stream.Role, reason);

    public void OnAborted(RelayStream stream, string reason) => RelayLog.Aborted(_logger, stream.Id, stream.Role, reason);

    public ValueTask PublishAsync(string subject, OutgoingRelayFrame frame, CancellationToken cancellationToken)
        => _backplane.Connection.PublishAsync(subject, frame, serializer: RelayFrameSerializer.Instance, cancellationToken: cancellationToken);

    /// <summary>Asks <paramref name="owner"/> to take a request (edge side).</summary>
    public async Task<RelayOpenResult> OpenAsync(string owner, ReadOnlyMemory<byte> message, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_options.OpenTimeout);
        NatsMsg<byte[]> reply;
        try
        {
            reply = await _backplane.Connection.RequestAsync(
                OpenSubjectOf(owner),
                message,
                requestSerializer: RelayBytesSerializer.Instance,
                replySerializer: RelayBytesSerializer.Instance,
                replyOpts: new NatsSubOpts { Timeout = _options.OpenTimeout, ThrowIfNoResponders = false },
                cancellationToken: timeout.Token).ConfigureAwait(false);
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested && ex is OperationCanceledException or TimeoutException or NatsNoReplyException)
        {
            _metrics.Failed(RelayFailure.OwnerTimeout);
            RelayLog.OwnerTimedOut(_logger, owner, _options.OpenTimeout);
            return RelayOpenResult.Reject(StatusCodes.Status503ServiceUnavailable, "The node that owns this connection did not answer in time.");
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested && ex is NatsException)
        {
            _metrics.Failed(RelayFailure.OwnerTimeout);
            RelayLog.OpenFailed(_logger, owner, ex);
            return RelayOpenResult.Reject(StatusCodes.Status503ServiceUnavailable, "The node that owns this connection could not be reached.");
        }

        if (reply.HasNoResponders)
        {
            // Nobody listens for that node: it is gone, and so is the connection.
            _metrics.Failed(RelayFailure.OwnerGone);
            RelayLog.OwnerGone(_logger, owner);
            return RelayOpenResult.Reject(StatusCodes.Status404NotFound, "No Connection with that ID");
        }

        var data = reply.Data;
        if (data is { Length: 13 } && data[0] == Accepted)
        {
            return RelayOpenResult.Accept(BinaryPrimitives.ReadUInt64LittleEndian(data.AsSpan(1)), (int)Math.Min(int.MaxValue, BinaryPrimitives.ReadUInt32LittleEndian(data.AsSpan(9))));
        }

        if (data is { Length: >= 3 } && data[0] == Rejected)
        {
            return RelayOpenResult.Reject(BinaryPrimitives.ReadUInt16LittleEndian(data.AsSpan(1)), Encoding.UTF8.GetString(data.AsSpan(3)));
        }

        _metrics.Failed(RelayFailure.Malformed);
        RelayLog.Malformed(_logger, reply.Subject);
        return RelayOpenResult.Reject(StatusCodes.Status502BadGateway, "The node that owns this connection answered with something that is not a relay reply.");
    }

    private string OpenSubjectOf(string node) => _backplane.SubjectRoot + "relay." + node + ".open";

    private async Task ServeOpensAsync(CancellationToken stopping)
    {
        while (!stopping.IsCancellationRequested)
        {
            try
            {
                await foreach (var message in _backplane.Connection.SubscribeAsync(OpenSubject, serializer: RelayBytesSerializer.Instance, cancellationToken: stopping).ConfigureAwait(false))
                {
                    await OnOpenAsync(message).ConfigureAwait(false);
                }
            }
            catch (OperationCanceledException) when (stopping.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                RelayLog.SubscriptionFailed(_logger, OpenSubject, ex);
                await DelayAsync(stopping).ConfigureAwait(false);
            }
        }
    }

    private async Task OnOpenAsync(NatsMsg<byte[]> message)
    {
        if (message.ReplyTo is null)
        {
            _metrics.Failed(RelayFailure.Malformed);
            RelayLog.Malformed(_logger, OpenSubject);
            return;
        }

        if (message.Data is null || !RelayRequestHead.TryParse(message.Data, out var head, out var body, out var bodyComplete)
            || !ConnectionToken.IsValidNodeId(head.EdgeNode))
        {
            _metrics.Failed(RelayFailure.Malformed);
            RelayLog.Malformed(_logger, OpenSubject);
            await ReplyRejectAsync(message, StatusCodes.Status400BadRequest, "Malformed relay request.").ConfigureAwait(false);
            return;
        }

        if (!_endpoints.TryGetValue(head.Endpoint, out var serve))
        {
            _metrics.Failed(RelayFailure.UnknownEndpoint);
            RelayLog.UnknownEndpoint(_logger, head.Endpoint);
            await ReplyRejectAsync(message, StatusCodes.Status404NotFound, "No Connection with that ID").ConfigureAwait(false);
            return;
        }

        if (!TryEnter(RelayRole.Owner))
        {
            await ReplyRejectAsync(message, StatusCodes.Status503ServiceUnavailable, "The node that owns this connection is serving too many relayed requests.").ConfigureAwait(false);
            return;
        }

        var stream = CreateStream(RelayRole.Owner);
        stream.Connect(head.EdgeNode, head.EdgeStream, head.Window);
        var accept = new byte[13];
        accept[0] = Accepted;
        BinaryPrimitives.WriteUInt64LittleEndian(accept.AsSpan(1), stream.Id);
        BinaryPrimitives.WriteUInt32LittleEndian(accept.AsSpan(9), (uint)_options.WindowSize);
        try
        {
            await message.ReplyAsync<ReadOnlyMemory<byte>>(accept, serializer: RelayBytesSerializer.Instance).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            Remove(stream);
            Exit(RelayRole.Owner);
            RelayLog.ServeFailed(_logger, head.Endpoint, ex);
            return;
        }

        // The initial body is copied: the message buffer is not ours once this returns.
        var initial = body.ToArray();
        _ = Task.Run(() => RelayedRequestServer.ServeAsync(this, stream, head, initial, bodyComplete, serve));
    }

    private static async Task ReplyRejectAsync(NatsMsg<byte[]> message, int status, string reason)
    {
        var reply = new byte[3 + Encoding.UTF8.GetByteCount(reason)];
        reply[0] = Rejected;
        BinaryPrimitives.WriteUInt16LittleEndian(reply.AsSpan(1), (ushort)status);
        Encoding.UTF8.GetBytes(reason, reply.AsSpan(3));
        try
        {
            await message.ReplyAsync<ReadOnlyMemory<byte>>(reply, serializer: RelayBytesSerializer.Instance).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // The edge times out instead.
        }
    }

    private async Task ReceiveFramesAsync(CancellationToken stopping)
    {
        // Never blocks: a stream's frames queue within its flow-control window, so one slow relay cannot hold up the
        // others (or NATS's reader, which would make the server drop this client as a slow consumer).
        while (!stopping.IsCancellationRequested)
        {
            try
            {
                await foreach (var message in _backplane.Connection.SubscribeAsync(OwnFrameSubject, serializer: RelayFrameSerializer.Instance, cancellationToken: stopping).ConfigureAwait(false))
                {
                    var frame = message.Data;
                    if (frame is null)
                    {
                        _metrics.Failed(RelayFailure.Malformed);
                        RelayLog.Malformed(_logger, OwnFrameSubject);
                        continue;
                    }

                    // An edge stream takes frames before it has processed the owner's accept: they may overtake it.
                    if (_streams.TryGetValue(frame.StreamId, out var stream))
                    {
                        stream.OnFrame(frame);
                    }
                    else
                    {
                        frame.Release();
                        RelayLog.UnknownStream(_logger, frame.StreamId);
                    }
                }
            }
            catch (OperationCanceledException) when (stopping.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                RelayLog.SubscriptionFailed(_logger, OwnFrameSubject, ex);
                await DelayAsync(stopping).ConfigureAwait(false);
            }
        }
    }

    private async Task KeepAliveAsync(CancellationToken stopping)
    {
        var peerTimeout = (long)_options.PeerTimeout.TotalMilliseconds;
        var pingAfter = peerTimeout / 3;
        using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(Math.Clamp(pingAfter / 2, 50, 1000)));
        try
        {
            while (await timer.WaitForNextTickAsync(stopping).ConfigureAwait(false))
            {
                var now = Environment.TickCount64;
                foreach (var stream in _streams.Values)
                {
                    if (!stream.IsConnected || stream.IsAborted)
                    {
                        continue;
                    }

                    if (now - stream.LastReceived >= peerTimeout)
                    {
                        stream.Fail(RelayFailure.PeerSilent, $"the other node sent nothing for {_options.PeerTimeout.TotalSeconds:0.###} s", notifyPeer: true);
                    }
                    else if (now - stream.LastSent >= pingAfter)
                    {
                        _ = stream.SendControlAsync(RelayFrameKind.Ping, ReadOnlyMemory<byte>.Empty);
                    }
                }
            }
        }
        catch (OperationCanceledException)
        {
            // Stopping.
        }
    }

    private static async Task DelayAsync(CancellationToken stopping)
    {
        try
        {
            await Task.Delay(TimeSpan.FromSeconds(1), stopping).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // Stopping.
        }
    }
}

/// <summary>The owner's answer to an open: its stream id and window, or a status to answer the client with.</summary>
internal readonly record struct RelayOpenResult(bool Accepted, ulong OwnerStream, int Window, int Status, string Reason)
{
    public static RelayOpenResult Accept(ulong stream, int window) => new(true, stream, window, 0, string.Empty);

    public static RelayOpenResult Reject(int status, string reason) => new(false, 0, 0, status, reason);
}
