using System.Collections.Concurrent;
using HubFramework.Protocol;
using HubFramework.Server.Hubs.Outbound;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using NATS.Client.Core;

namespace HubFramework.Server.Backplane.Nats;

/// <summary>
/// The node-wide part of the NATS hub backplane, shared by every hub scope: membership (heartbeats, dead peers), the
/// ordered outbound queue that rides out NATS outages, this node's own subject (sends to its connections, requests
/// for them), and requests to other nodes. Per-hub behaviour lives in <see cref="NatsHubLifetimeManager{THub}"/>.
/// </summary>
/// <remarks>
/// Subjects, under <c>{prefix}.</c>: <c>nodes</c> (heartbeats and goodbyes), <c>n.{node}</c> (one node),
/// <c>h.{scope}.all</c>, <c>h.{scope}.g.{group}</c>, <c>h.{scope}.u.{user}</c> (names as <see cref="SubjectToken"/>s).
/// A node subscribes to a group's or a user's subject only while it has a member of it.
/// </remarks>
internal sealed class NatsBackplane : IHostedService, IAsyncDisposable, IBackplanePeerDirectory
{
    private static readonly HubMessage ReceivedInvocation = new InvocationMessage("backplane", []);

    private readonly NatsBackplaneConnection _connection;
    private readonly ConcurrentDictionary<string, IBackplaneScope> _scopes = new(StringComparer.Ordinal);
    private readonly Dictionary<string, IHubProtocol> _protocolsByName;
    private readonly CancellationTokenSource _stopping = new();
    private readonly TaskCompletionSource _nodeSubscribed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private BackplaneSubscription? _nodeSubscription;
    private BackplaneSubscription? _membershipSubscription;
    private Task? _running;
    private int _disposed;
    private bool _wasDisconnected;

    public NatsBackplane(NatsBackplaneConnection connection, IEnumerable<IHubProtocol> protocols, NatsBackplaneMetrics metrics, ILoggerFactory loggerFactory)
    {
        _connection = connection;
        Options = connection.Options;
        NatsBackplaneOptionsValidation.Validate(Options);
        Protocols = protocols.ToArray();
        _protocolsByName = new Dictionary<string, IHubProtocol>(StringComparer.Ordinal);
        foreach (var protocol in Protocols)
        {
            _protocolsByName.TryAdd(protocol.Name, protocol);
        }

        Metrics = metrics;
        Logger = loggerFactory.CreateLogger("HubFramework.Server.Backplane.Nats");
        Membership = new NodeMembership(Options.PeerTimeout, Options.HeartbeatInterval / 2, Logger);
        Publisher = new BackplanePublisher(connection.Connection, Options, metrics, Logger);
        Inbox = new BackplaneInbox(Options.ReceiveBufferMessages, metrics, Logger);
        metrics.Meter.CreateObservableGauge("hubframework.backplane.buffer.depth", () => Publisher.Depth, "{message}", "Messages for other nodes waiting to be published (grows while NATS is unreachable).");
        metrics.Meter.CreateObservableGauge("hubframework.backplane.buffer.bytes", () => Publisher.DepthBytes, "By", "Bytes of messages for other nodes waiting to be published.");
        metrics.Meter.CreateObservableGauge("hubframework.backplane.peers.alive", () => Membership.AliveCount, "{node}", "Other nodes heard from within the peer timeout.");
        connection.Connection.ConnectionDisconnected += OnDisconnectedAsync;
        connection.Connection.ConnectionOpened += OnOpenedAsync;
        connection.Connection.MessageDropped += OnMessageDroppedAsync;
    }

    public NatsBackplaneOptions Options { get; }

    public string NodeId => _connection.NodeId;

    public NatsConnection Connection => _connection.Connection;

    public IReadOnlyList<IHubProtocol> Protocols { get; }

    public NatsBackplaneMetrics Metrics { get; }

    public ILogger Logger { get; }

    public NodeMembership Membership { get; }

    /// <inheritdoc />
    public IReadOnlyList<BackplanePeer> GetPeers() => Membership.Snapshot();

    public BackplanePublisher Publisher { get; }

    public bool IsConnected => _connection.Connection.ConnectionState == NatsConnectionState.Open;

    private string MembershipSubject => _connection.SubjectRoot + "nodes";

    public string NodeSubject(string nodeId) => _connection.SubjectRoot + "n." + nodeId;

    /// <summary><c>{prefix}.h.{scope}.</c>: the root of one hub scope's subjects.</summary>
    public string ScopeRoot(string scope) => _connection.SubjectRoot + "h." + SubjectToken.Encode(scope) + ".";

    /// <summary>Makes this node answer requests for <paramref name="scope"/>.</summary>
    /// <exception cref="InvalidOperationException">Another hub already uses that scope.</exception>
    public void Register(string scope, IBackplaneScope handler)
    {
        if (!_scopes.TryAdd(scope, handler))
        {
            throw new InvalidOperationException($"The backplane scope '{scope}' is already in use on this node: give each hub (namespace) its own scope.");
        }
    }

    public void Unregister(string scope, IBackplaneScope handler) => _scopes.TryRemove(new KeyValuePair<string, IBackplaneScope>(scope, handler));

    public IHubProtocol? FindProtocol(string name) => _protocolsByName.GetValueOrDefault(name);

    /// <summary>Subscribes to <paramref name="subject"/>; messages are handled in order, one at a time.</summary>
    public Task<BackplaneSubscription> SubscribeAsync(string subject, Action<NatsMsg<byte[]>> handler, CancellationToken cancellationToken)
        => BackplaneSubscription.StartAsync(_connection.Connection, subject, Inbox, handler, cancellationToken);

    /// <summary>The one ordered pipeline every subscription's messages go through.</summary>
    public BackplaneInbox Inbox { get; }

    /// <summary>
    /// Waits (bounded) until the NATS server has processed everything this node sent before, subscriptions included,
    /// so that what anyone publishes afterwards reaches them. Returns at once while NATS is unreachable (NATS.Net
    /// restores subscriptions when it is back).
    /// </summary>
    public async Task FlushAsync(CancellationToken cancellationToken)
    {
        if (!IsConnected)
        {
            return;
        }

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _stopping.Token);
        timeout.CancelAfter(Options.RequestTimeout);
        try
        {
            await _connection.Connection.PingAsync(timeout.Token).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is OperationCanceledException or NatsException && !cancellationToken.IsCancellationRequested)
        {
            // Lost NATS meanwhile: the subscription is replayed on reconnect.
        }
    }

    /// <summary>
    /// Sends a request to <paramref name="nodeId"/> and returns the reply's reader, or null when nobody answers on that
    /// node's subject (it is gone). Fails when <paramref name="nodeId"/> is declared gone while waiting, after
    /// <paramref name="timeout"/> (null: only then), or on <paramref name="cancellationToken"/>.
    /// </summary>
    /// <exception cref="NodeGoneException">The node was declared gone, or did not answer in time.</exception>
    /// <exception cref="IOException">NATS is unreachable, or the request is too large for it.</exception>
    public async Task<BackplaneMessageReader?> RequestAsync(string nodeId, byte[] payload, BackplaneMessageKind kind, TimeSpan? timeout, CancellationToken cancellationToken)
    {
        if (!IsConnected)
        {
            throw new IOException("The NATS backplane is not connected; the request cannot reach the node of that connection.");
        }

        if (Connection.ServerInfo is { } info && info.MaxPayload > 0 && payload.Length > info.MaxPayload)
        {
            Metrics.Dropped("too_large");
            throw new IOException($"The request ({payload.Length} bytes) exceeds the NATS server's max_payload ({info.MaxPayload} bytes).");
        }

        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _stopping.Token);
        try
        {
            // This node's earlier sends first: a group change must not overtake a message sent to the group before it.
            await Publisher.FlushedAsync().WaitAsync(Options.RequestTimeout, cancel.Token).ConfigureAwait(false);

            var replyOptions = new NatsSubOpts { Timeout = timeout ?? Timeout.InfiniteTimeSpan };
            Metrics.Published(kind, payload.Length);
            var request = Connection.RequestAsync<byte[], byte[]>(
                NodeSubject(nodeId),
                payload,
                requestSerializer: NatsRawSerializer<byte[]>.Default,
                replySerializer: NatsRawSerializer<byte[]>.Default,
                replyOpts: replyOptions,
                cancellationToken: cancel.Token).AsTask();

            // Nothing waits for a node that died: its end (no heartbeat within the peer timeout) ends the wait.
            var gone = Membership.WhenGoneAsync(nodeId, cancel.Token);
            if (await Task.WhenAny(request, gone).ConfigureAwait(false) != request)
            {
                cancellationToken.ThrowIfCancellationRequested();
                _stopping.Token.ThrowIfCancellationRequested();
                await cancel.CancelAsync().ConfigureAwait(false);
                _ = request.ContinueWith(static t => _ = t.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default);
                throw new NodeGoneException($"Node {nodeId} is gone (no heartbeat within {Options.PeerTimeout.TotalSeconds:0.#} s).");
            }

            var reply = await request.ConfigureAwait(false);
            Metrics.Received(BackplaneMessageKind.Reply, reply.Data?.Length ?? 0);
            try
            {
                return BackplaneMessageReader.Open(reply.Data);
            }
            catch (FormatException ex)
            {
                Metrics.Dropped("malformed");
                throw new IOException($"Node {nodeId} answered with something that is not a backplane reply: {ex.Message}", ex);
            }
        }
        catch (NatsNoRespondersException)
        {
            return null;
        }
        catch (NatsNoReplyException)
        {
            throw new NodeGoneException($"Node {nodeId} did not answer within {timeout?.TotalSeconds:0.#} s.");
        }
        finally
        {
            // Ends the watch on the node.
            await cancel.CancelAsync().ConfigureAwait(false);
        }
    }

    /// <summary>A message another node serialized: its frames, reused as they are for local recipients.</summary>
    public SerializedHubMessage ReadFrames(ref BackplaneMessageReader reader, HubMessage? description = null)
    {
        var count = reader.ReadLength();
        if (count > 16)
        {
            throw new FormatException("too many protocol frames");
        }

        var frames = new List<KeyValuePair<IHubProtocol, ReadOnlyMemory<byte>>>(count);
        for (var i = 0; i < count; i++)
        {
            var name = reader.ReadString();
            var bytes = reader.ReadBlock();
            if (FindProtocol(name) is { } protocol)
            {
                frames.Add(new(protocol, bytes));
            }
        }

        return new SerializedHubMessage(description ?? ReceivedInvocation, frames);
    }

    /// <summary>Writes the frames of <paramref name="message"/> in every protocol this node speaks.</summary>
    public void WriteFrames(BackplaneMessageWriter writer, SerializedHubMessage message)
    {
        writer.WriteLength(Protocols.Count);
        for (var i = 0; i < Protocols.Count; i++)
        {
            writer.WriteString(Protocols[i].Name);
            writer.WriteBytes(message.GetSerializedMessage(Protocols[i]).Span);
        }
    }

    /// <summary>Waits (bounded) until this node's own subject is subscribed, so that requests can reach it.</summary>
    public Task WhenNodeSubscribedAsync() => _nodeSubscribed.Task.WaitAsync(Options.RequestTimeout);

    public Task StartAsync(CancellationToken cancellationToken)
    {
        _running = RunAsync(_stopping.Token);
        return Task.CompletedTask;
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        // No heartbeat after the goodbye: it would bring this node back to life in its peers' eyes.
        _leaving = true;
        if (!IsConnected)
        {
            return;
        }

        try
        {
            // Peers drop this node at once instead of waiting for its heartbeats to stop.
            var goodbye = BackplaneMessageWriter.Rent(BackplaneMessageKind.Goodbye, NodeId, string.Empty).ToArrayAndReturn();
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(TimeSpan.FromSeconds(2));
            await Connection.PublishAsync(MembershipSubject, goodbye, cancellationToken: timeout.Token).ConfigureAwait(false);
            await Connection.PingAsync(timeout.Token).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is OperationCanceledException or NatsException)
        {
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        await _stopping.CancelAsync().ConfigureAwait(false);
        _connection.Connection.ConnectionDisconnected -= OnDisconnectedAsync;
        _connection.Connection.ConnectionOpened -= OnOpenedAsync;
        _connection.Connection.MessageDropped -= OnMessageDroppedAsync;
        if (_running is not null)
        {
            try
            {
                await _running.ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
            }
        }

        await Publisher.DisposeAsync().ConfigureAwait(false);
        if (_nodeSubscription is not null)
        {
            await _nodeSubscription.DisposeAsync().ConfigureAwait(false);
        }

        if (_membershipSubscription is not null)
        {
            await _membershipSubscription.DisposeAsync().ConfigureAwait(false);
        }

        await Inbox.DisposeAsync().ConfigureAwait(false);
        Membership.Dispose();
        _stopping.Dispose();
    }

    private async Task RunAsync(CancellationToken stopping)
    {
        await Task.Yield();
        while (_nodeSubscription is null || _membershipSubscription is null)
        {
            try
            {
                _membershipSubscription ??= await SubscribeAsync(MembershipSubject, OnMembershipMessage, stopping).ConfigureAwait(false);
                _nodeSubscription ??= await SubscribeAsync(NodeSubject(NodeId), OnNodeMessage, stopping).ConfigureAwait(false);
                _nodeSubscribed.TrySetResult();
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !stopping.IsCancellationRequested)
            {
                NatsBackplaneLog.SubscribeFailed(Logger, ex, NodeSubject(NodeId));
                await Task.Delay(Options.HeartbeatInterval, stopping).ConfigureAwait(false);
            }
        }

        using var timer = new PeriodicTimer(Options.HeartbeatInterval);
        do
        {
            await SendHeartbeatAsync(stopping).ConfigureAwait(false);
        }
        while (await timer.WaitForNextTickAsync(stopping).ConfigureAwait(false));
    }

    private async Task SendHeartbeatAsync(CancellationToken stopping)
    {
        if (!IsConnected || _leaving)
        {
            return;
        }

        try
        {
            var writer = BackplaneMessageWriter.Rent(BackplaneMessageKind.Heartbeat, NodeId, string.Empty);
            writer.WriteString(_instance);
            var heartbeat = writer.ToArrayAndReturn();
            await Connection.PublishAsync(MembershipSubject, heartbeat, cancellationToken: stopping).ConfigureAwait(false);
            Metrics.Published(BackplaneMessageKind.Heartbeat, heartbeat.Length);
        }
        catch (Exception ex) when (ex is NatsException or TimeoutException)
        {
            // Missed beats are what the peer timeout is for.
        }
    }

    private void OnMembershipMessage(NatsMsg<byte[]> message)
    {
        if (!TryOpen(message, out var reader))
        {
            return;
        }

        if (string.Equals(reader.Sender, NodeId, StringComparison.Ordinal))
        {
            // Our own heartbeat, or another process configured with our node id: then connections are misrouted.
            if (reader.Kind == BackplaneMessageKind.Heartbeat && !reader.AtEnd && ReadInstance(message, reader) is { } instance && !string.Equals(instance, _instance, StringComparison.Ordinal)
                && Interlocked.Exchange(ref _duplicateReported, 1) == 0)
            {
                NatsBackplaneLog.DuplicateNodeId(Logger, NodeId);
            }

            return;
        }

        if (!Connections.ConnectionToken.IsValidNodeId(reader.Sender))
        {
            return;
        }

        Metrics.Received(reader.Kind, message.Data!.Length);
        if (reader.Kind == BackplaneMessageKind.Heartbeat)
        {
            if (Membership.Heard(reader.Sender))
            {
                // A newcomer learns about this node now rather than a heartbeat interval later.
                _ = SendHeartbeatAsync(_stopping.Token);
            }
        }
        else if (reader.Kind == BackplaneMessageKind.Goodbye)
        {
            Membership.Left(reader.Sender, "it said goodbye");
        }
    }

    private string? ReadInstance(NatsMsg<byte[]> message, BackplaneMessageReader reader)
    {
        try
        {
            return reader.ReadString();
        }
        catch (FormatException ex)
        {
            Malformed(message, ex);
            return null;
        }
    }

    private void OnNodeMessage(NatsMsg<byte[]> message)
    {
        if (!TryOpen(message, out var reader))
        {
            return;
        }

        Metrics.Received(reader.Kind, message.Data!.Length);
        if (!_scopes.TryGetValue(reader.Scope, out var scope))
        {
            NatsBackplaneLog.UnknownScope(Logger, reader.Scope);
            if (message.ReplyTo is { } unknownReply)
            {
                Reply(unknownReply, reader.Scope, ReplyStatus.NotConnected, "this node does not host that hub");
            }

            return;
        }

        try
        {
            switch (reader.Kind)
            {
                case BackplaneMessageKind.Send:
                    scope.OnSend(reader);
                    break;
                case BackplaneMessageKind.CancelInvoke:
                    scope.OnCancelInvoke(reader);
                    break;
                case BackplaneMessageKind.GroupChange or BackplaneMessageKind.Invoke when message.ReplyTo is { } replyTo:
                    // Requests may take a while (a client result): never hold up this node's ordered subject for them.
                    _ = AnswerAsync(scope, reader, replyTo);
                    break;
                default:
                    throw new FormatException($"unexpected {reader.Kind} on a node subject");
            }
        }
        catch (FormatException ex)
        {
            Malformed(message, ex);
        }
    }

    private async Task AnswerAsync(IBackplaneScope scope, BackplaneMessageReader reader, string replyTo)
    {
        byte[] reply;
        try
        {
            reply = await scope.OnRequestAsync(reader).ConfigureAwait(false);
        }
        catch (FormatException ex)
        {
            Metrics.Dropped("malformed");
            NatsBackplaneLog.MalformedMessage(Logger, replyTo, ex.Message, Interlocked.Increment(ref _malformed));
            reply = WriteReply(reader.Scope, ReplyStatus.Failed, "malformed request");
        }
        catch (Exception ex)
        {
            NatsBackplaneLog.HandlerFailed(Logger, ex, NodeSubject(NodeId));
            reply = WriteReply(reader.Scope, ReplyStatus.Failed, ex.Message);
        }

        Publisher.TryEnqueue(replyTo, BackplaneMessageKind.Reply, reply);
    }

    private void Reply(string replyTo, string scope, ReplyStatus status, string text)
        => Publisher.TryEnqueue(replyTo, BackplaneMessageKind.Reply, WriteReply(scope, status, text));

    /// <summary>A reply with a status and a text (and nothing else).</summary>
    public byte[] WriteReply(string scope, ReplyStatus status, string text)
    {
        var writer = BackplaneMessageWriter.Rent(BackplaneMessageKind.Reply, NodeId, scope);
        writer.WriteByte((byte)status);
        writer.WriteString(text);
        return writer.ToArrayAndReturn();
    }

    /// <summary>Reads a received message's header; false (counted, logged) when it is not a backplane message.</summary>
    public bool TryOpen(NatsMsg<byte[]> message, out BackplaneMessageReader reader)
    {
        try
        {
            reader = BackplaneMessageReader.Open(message.Data);
            return true;
        }
        catch (FormatException ex)
        {
            reader = default;
            Malformed(message, ex);
            return false;
        }
    }

    /// <summary>Counts and logs a message that is not ours (garbage on our subjects).</summary>
    public void Malformed(NatsMsg<byte[]> message, FormatException exception)
    {
        Metrics.Dropped("malformed");

        // A stranger flooding our subjects must not flood the log too: the first one, then every 1,000th.
        var count = Interlocked.Increment(ref _malformed);
        if (count == 1 || count % 1000 == 0)
        {
            NatsBackplaneLog.MalformedMessage(Logger, message.Subject, exception.Message, count);
        }
    }

    private ValueTask OnDisconnectedAsync(object? sender, NatsEventArgs args)
    {
        if (!_wasDisconnected)
        {
            _wasDisconnected = true;
            NatsBackplaneLog.Disconnected(Logger, Options.OutageBufferMessages, Options.OutageBufferBytes);
        }

        return ValueTask.CompletedTask;
    }

    private ValueTask OnOpenedAsync(object? sender, NatsEventArgs args)
    {
        if (_wasDisconnected)
        {
            _wasDisconnected = false;
            Metrics.Reconnected();
            NatsBackplaneLog.Reconnected(Logger, Publisher.Depth);
        }

        return ValueTask.CompletedTask;
    }

    private readonly string _instance = Guid.NewGuid().ToString("N");
    private int _duplicateReported;
    private volatile bool _leaving;
    private long _slowDrops;
    private long _malformed;

    private ValueTask OnMessageDroppedAsync(object? sender, NatsMessageDroppedEventArgs args)
    {
        var dropped = Interlocked.Increment(ref _slowDrops);
        Metrics.Dropped("slow_subscriber");
        if (dropped == 1 || dropped % 1000 == 0)
        {
            NatsBackplaneLog.SlowSubscriber(Logger, args.Subject, dropped);
        }

        return ValueTask.CompletedTask;
    }
}
