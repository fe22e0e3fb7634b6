using System.Buffers;
using System.Collections.Concurrent;
using System.Globalization;
using HubFramework.Protocol;
using HubFramework.Server.Hubs;
using HubFramework.Server.Hubs.Outbound;

namespace HubFramework.Server.Backplane.Nats;

/// <summary>Requests for a connection on another node: group changes and client results, and answering them.</summary>
internal sealed partial class NatsHubLifetimeManager<THub>
{
    private const string CanceledByServer = "Invocation canceled by the server.";

    private readonly ConcurrentDictionary<string, CancellationTokenSource> _forwardedInvocations = new(StringComparer.Ordinal);
    private long _lastInvocationId;

    /// <inheritdoc />
    /// <remarks>
    /// For a connection on another node the invocation is framed here (once per protocol, with an id naming this
    /// node) and the owning node hands it to the client; its Completion comes back as the client sent it and is bound
    /// here to <typeparamref name="T"/>. It fails when the connection is gone, when it ends while asked, or when its
    /// node is declared dead (within <see cref="NatsBackplaneOptions.PeerTimeout"/>).
    /// </remarks>
    public override async Task<T> InvokeConnectionAsync<T>(string connectionId, string methodName, object?[] args, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(connectionId);
        ArgumentException.ThrowIfNullOrEmpty(methodName);
        ArgumentNullException.ThrowIfNull(args);
        if (_local.HasConnection(connectionId) || RemoteNodeOf(connectionId) is not { } node)
        {
            return await _local.InvokeConnectionAsync<T>(connectionId, methodName, args, cancellationToken).ConfigureAwait(false);
        }

        if (cancellationToken.IsCancellationRequested)
        {
            throw new HubException(CanceledByServer);
        }

        var invocationId = "n" + _backplane.NodeId + "." + Interlocked.Increment(ref _lastInvocationId).ToString(CultureInfo.InvariantCulture);
        var invocation = new SerializedHubMessage(new InvocationMessage(invocationId, methodName, args));
        var writer = BackplaneMessageWriter.Rent(BackplaneMessageKind.Invoke, _backplane.NodeId, _scope);
        writer.WriteString(connectionId);
        writer.WriteString(invocationId);
        _backplane.WriteFrames(writer, invocation);
        var payload = writer.ToArrayAndReturn();

        BackplaneMessageReader? reply;
        try
        {
            reply = await _backplane.RequestAsync(node, payload, BackplaneMessageKind.Invoke, timeout: null, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            var cancel = BackplaneMessageWriter.Rent(BackplaneMessageKind.CancelInvoke, _backplane.NodeId, _scope);
            cancel.WriteString(connectionId);
            cancel.WriteString(invocationId);
            _backplane.Publisher.TryEnqueue(_backplane.NodeSubject(node), BackplaneMessageKind.CancelInvoke, cancel.ToArrayAndReturn());
            throw new HubException(CanceledByServer);
        }
        catch (NodeGoneException ex)
        {
            throw new IOException($"Connection '{connectionId}' is not connected: {ex.Message}", ex);
        }

        if (reply is not { } answer)
        {
            throw new IOException($"Connection '{connectionId}' is not connected (its node {node} is gone).");
        }

        var status = ReadStatus(ref answer, out var text);
        if (status == ReplyStatus.NotConnected)
        {
            throw new IOException($"Connection '{connectionId}' is not connected ({text}).");
        }

        if (status == ReplyStatus.Failed)
        {
            throw new IOException(text);
        }

        var completion = ReadCompletion(ref answer, typeof(T));
        var pending = new PendingClientResult<T>(connectionId, invocationId);
        pending.Complete(completion);
        return await pending.Task.ConfigureAwait(false);
    }

    async Task<byte[]> IBackplaneScope.OnRequestAsync(BackplaneMessageReader reader)
    {
        switch (reader.Kind)
        {
            case BackplaneMessageKind.GroupChange:
            {
                var add = reader.ReadByte() != 0;
                var connectionId = reader.ReadString();
                var group = reader.ReadString();
                if (!_local.HasConnection(connectionId))
                {
                    return _backplane.WriteReply(_scope, ReplyStatus.NotConnected, $"no connection '{connectionId}' on node {_backplane.NodeId}");
                }

                if (add)
                {
                    await AddToGroupAsync(connectionId, group).ConfigureAwait(false);
                }
                else
                {
                    await RemoveFromGroupAsync(connectionId, group).ConfigureAwait(false);
                }

                return _backplane.WriteReply(_scope, ReplyStatus.Ok, string.Empty);
            }

            case BackplaneMessageKind.Invoke:
                return await AnswerInvocationAsync(reader).ConfigureAwait(false);
            default:
                throw new FormatException($"unexpected request {reader.Kind}");
        }
    }

    void IBackplaneScope.OnCancelInvoke(BackplaneMessageReader reader)
    {
        var connectionId = reader.ReadString();
        var invocationId = reader.ReadString();
        if (_forwardedInvocations.TryGetValue(connectionId + "\n" + invocationId, out var cancel))
        {
            cancel.Cancel();
        }
    }

    private async Task<byte[]> AnswerInvocationAsync(BackplaneMessageReader reader)
    {
        var connectionId = reader.ReadString();
        var invocationId = reader.ReadString();
        var invocation = _backplane.ReadFrames(ref reader, new InvocationMessage(invocationId, "backplane", []));
        if (_local.FindConnection(connectionId) is not { } connection)
        {
            return _backplane.WriteReply(_scope, ReplyStatus.NotConnected, $"no connection '{connectionId}' on node {_backplane.NodeId}");
        }

        var key = connectionId + "\n" + invocationId;
        using var cancel = new CancellationTokenSource();
        if (!_forwardedInvocations.TryAdd(key, cancel))
        {
            return _backplane.WriteReply(_scope, ReplyStatus.Failed, $"invocation '{invocationId}' is already pending");
        }

        try
        {
            var completion = await _local.InvokeForwardedAsync(connectionId, invocationId, invocation, cancel.Token).ConfigureAwait(false);

            // Framed in the client's own protocol: the asking node binds the result to its type as if it had read it.
            var protocol = connection.Protocol;
            var writer = BackplaneMessageWriter.Rent(BackplaneMessageKind.Reply, _backplane.NodeId, _scope);
            writer.WriteByte((byte)ReplyStatus.Ok);
            writer.WriteString(string.Empty);
            writer.WriteString(protocol.Name);
            writer.WriteBytes(protocol.GetMessageBytes(completion).Span);
            return writer.ToArrayAndReturn();
        }
        catch (IOException ex)
        {
            return _backplane.WriteReply(_scope, ReplyStatus.Failed, $"Connection '{connectionId}' is not connected any more: {ex.Message}");
        }
        catch (HubException ex)
        {
            return _backplane.WriteReply(_scope, ReplyStatus.Failed, ex.Message);
        }
        finally
        {
            _forwardedInvocations.TryRemove(key, out _);
        }
    }

    private async Task ChangeRemoteGroupAsync(string connectionId, string groupName, bool add, CancellationToken cancellationToken)
    {
        // An id naming this node (or none) that is not registered here has gone: nothing to do, as without a backplane.
        if (RemoteNodeOf(connectionId) is not { } node)
        {
            return;
        }

        var writer = BackplaneMessageWriter.Rent(BackplaneMessageKind.GroupChange, _backplane.NodeId, _scope);
        writer.WriteByte(add ? (byte)1 : (byte)0);
        writer.WriteString(connectionId);
        writer.WriteString(groupName);
        BackplaneMessageReader? reply;
        try
        {
            reply = await _backplane.RequestAsync(node, writer.ToArrayAndReturn(), BackplaneMessageKind.GroupChange, _backplane.Options.RequestTimeout, cancellationToken).ConfigureAwait(false);
        }
        catch (NodeGoneException)
        {
            // Its node is gone, and the connection with it: like a connection that left, a no-op.
            return;
        }

        if (reply is { } answer && ReadStatus(ref answer, out var text) == ReplyStatus.Failed)
        {
            throw new IOException($"Changing the groups of connection '{connectionId}' failed on node {node}: {text}");
        }
    }

    private static ReplyStatus ReadStatus(ref BackplaneMessageReader reader, out string text)
    {
        if (reader.Kind != BackplaneMessageKind.Reply)
        {
            throw new IOException($"The backplane answered with a {reader.Kind} message instead of a reply.");
        }

        var status = (ReplyStatus)reader.ReadByte();
        text = reader.ReadString();
        return Enum.IsDefined(status) ? status : throw new IOException($"The backplane's reply has an unknown status {status}.");
    }

    private CompletionMessage ReadCompletion(ref BackplaneMessageReader reader, Type resultType)
    {
        var protocolName = reader.ReadString();
        var bytes = reader.ReadBlock();
        if (_backplane.FindProtocol(protocolName) is not { } protocol)
        {
            throw new IOException($"The client's result came in protocol '{protocolName}', which this node does not speak.");
        }

        var input = new ReadOnlySequence<byte>(bytes);
        if (!protocol.TryParseMessage(ref input, new ResultBinder(resultType), null, out var message) || message is not CompletionMessage completion)
        {
            throw new IOException("The client's result could not be read back from the owning node's reply.");
        }

        return completion;
    }

    /// <summary>Binds a forwarded Completion's result to the type the asking code expects.</summary>
    private sealed class ResultBinder(Type resultType) : IInvocationBinder
    {
        public IReadOnlyList<Type> GetParameterTypes(string methodName) => throw new InvalidOperationException("Only a Completion is expected.");

        public Type GetReturnType(string invocationId) => resultType;

        public Type GetStreamItemType(string streamId) => throw new InvalidOperationException("Only a Completion is expected.");
    }
}
