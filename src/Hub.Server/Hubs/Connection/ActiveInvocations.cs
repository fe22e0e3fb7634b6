namespace HubFramework.Server.Hubs.Connection;

/// <summary>The cancellable invocations of one connection (streams, methods with a CancellationToken), by invocation id.</summary>
internal sealed class ActiveInvocations
{
    private readonly Lock _lock = new();
    private Dictionary<string, CancellationTokenSource>? _invocations;
    private bool _closed;

    /// <summary>Registers a source linked to <paramref name="connectionAborted"/>; null when the id is in use or the connection is ending.</summary>
    public CancellationTokenSource? TryAdd(string invocationId, CancellationToken connectionAborted)
    {
        lock (_lock)
        {
            if (_closed)
            {
                return null;
            }

            _invocations ??= new Dictionary<string, CancellationTokenSource>(StringComparer.Ordinal);
            if (_invocations.ContainsKey(invocationId))
            {
                return null;
            }

            var source = CancellationTokenSource.CreateLinkedTokenSource(connectionAborted);
            _invocations.Add(invocationId, source);
            return source;
        }
    }

    /// <summary>Cancels an invocation at the client's request; unknown ids are ignored.</summary>
    public bool TryCancel(string invocationId)
    {
        CancellationTokenSource? source;
        lock (_lock)
        {
            if (_invocations is null || !_invocations.TryGetValue(invocationId, out source))
            {
                return false;
            }
        }

        try
        {
            source.Cancel();
        }
        catch (ObjectDisposedException)
        {
            // The invocation finished meanwhile.
        }

        return true;
    }

    /// <summary>Forgets a finished invocation and disposes its source.</summary>
    public void Remove(string invocationId, CancellationTokenSource source)
    {
        lock (_lock)
        {
            if (_invocations is not null && _invocations.TryGetValue(invocationId, out var current) && ReferenceEquals(current, source))
            {
                _invocations.Remove(invocationId);
            }
        }

        source.Dispose();
    }

    /// <summary>Refuses new invocations (the connection is ending); running ones are cancelled through the connection token.</summary>
    public void Close()
    {
        lock (_lock)
        {
            _closed = true;
        }
    }
}
