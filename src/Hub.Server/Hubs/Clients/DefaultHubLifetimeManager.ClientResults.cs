using HubFramework.Protocol;

namespace HubFramework.Server.Hubs;

/// <summary>Client results: invoking a method on one client and waiting for its Completion.</summary>
public partial class DefaultHubLifetimeManager<THub>
{
    private const string CanceledByServer = "Invocation canceled by the server.";

    /// <inheritdoc />
    /// <remarks>
    /// A client may have several results outstanding; each invocation gets its own id ("s1", "s2", …, apart from the ids
    /// clients choose for their upload streams). Microsoft's "one outstanding InvokeAsync per client by default" comes from
    /// awaiting the result inside a hub method while that method holds the client's only invocation slot; here the
    /// connection keeps reading Completions while invocations wait for slots, so that does not deadlock.
    /// </remarks>
    /// <exception cref="IOException">The connection does not exist, or it ended before answering.</exception>
    /// <exception cref="HubException">The client answered with an error, without a result, or the invocation was cancelled.</exception>
    public override async Task<T> InvokeConnectionAsync<T>(string connectionId, string methodName, object?[] args, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(connectionId);
        ArgumentException.ThrowIfNullOrEmpty(methodName);
        ArgumentNullException.ThrowIfNull(args);
        if (!_connections.TryGetValue(connectionId, out var membership))
        {
            throw new IOException($"Connection '{connectionId}' does not exist.");
        }

        if (cancellationToken.IsCancellationRequested)
        {
            throw new HubException(CanceledByServer);
        }

        var pending = new PendingClientResult<T>(connectionId, _results.NextInvocationId());
        _results.Add(pending);

        // A disconnect that ran between the lookup and the registration would never fail this one: check again.
        if (membership.IsClosed)
        {
            _results.TryRemove(pending.InvocationId, out _);
            throw new IOException($"Connection '{connectionId}' disconnected.");
        }

        try
        {
            await membership.Connection.Outbound.WriteAsync(new InvocationMessage(pending.InvocationId, methodName, args), null, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            _results.TryRemove(pending.InvocationId, out _);
            throw new HubException(CanceledByServer);
        }
        catch
        {
            _results.TryRemove(pending.InvocationId, out _);
            throw;
        }

        using var registration = cancellationToken.UnsafeRegister(
            static state =>
            {
                var (manager, pending) = ((DefaultHubLifetimeManager<THub>, PendingClientResult))state!;
                manager.CancelClientResult(pending);
            },
            (this, (PendingClientResult)pending));
        return await pending.Task.ConfigureAwait(false);
    }

    /// <inheritdoc />
    public override Task SetConnectionResultAsync(string connectionId, CompletionMessage result)
    {
        ArgumentNullException.ThrowIfNull(connectionId);
        ArgumentNullException.ThrowIfNull(result);
        if (!_results.TryComplete(connectionId, result))
        {
            LifetimeLog.UnexpectedClientResult(_logger, connectionId, result.InvocationId);
        }

        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public override bool TryGetReturnType(string invocationId, out Type? type)
    {
        ArgumentNullException.ThrowIfNull(invocationId);
        return _results.TryGetReturnType(invocationId, out type);
    }

    private void CancelClientResult(PendingClientResult pending)
    {
        // A late Completion from the client then finds nothing and is ignored; the connection stays up.
        if (_results.TryRemove(pending.InvocationId, out _))
        {
            LifetimeLog.ClientResultCanceled(_logger, pending.ConnectionId, pending.InvocationId);
            pending.Fail(new HubException(CanceledByServer));
        }
    }
}
