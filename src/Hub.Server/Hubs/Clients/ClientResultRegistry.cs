using System.Collections.Concurrent;
using System.Globalization;
using HubFramework.Protocol;

namespace HubFramework.Server.Hubs;

/// <summary>Server-to-client invocations waiting for results, by invocation id.</summary>
internal sealed class ClientResultRegistry
{
    private readonly ConcurrentDictionary<string, PendingClientResult> _pending = new(StringComparer.Ordinal);
    private long _lastId;

    public int Count => _pending.Count;

    /// <summary>
    /// A fresh invocation id. The "s" prefix keeps server-chosen ids apart from ids a client picks for its own upload
    /// streams, whose Completions arrive on the same connection.
    /// </summary>
    public string NextInvocationId() => "s" + Interlocked.Increment(ref _lastId).ToString(CultureInfo.InvariantCulture);

    public void Add(PendingClientResult pending) => _pending[pending.InvocationId] = pending;

    public bool TryRemove(string invocationId, out PendingClientResult? pending) => _pending.TryRemove(invocationId, out pending);

    public bool TryGetReturnType(string invocationId, out Type? type)
    {
        if (_pending.TryGetValue(invocationId, out var pending))
        {
            type = pending.ResultType;
            return true;
        }

        type = null;
        return false;
    }

    /// <summary>Completes the invocation with the client's answer if it is pending for that connection.</summary>
    public bool TryComplete(string connectionId, CompletionMessage completion)
    {
        if (completion.InvocationId is not { } id
            || !_pending.TryGetValue(id, out var pending)
            || !string.Equals(pending.ConnectionId, connectionId, StringComparison.Ordinal)
            || !_pending.TryRemove(new KeyValuePair<string, PendingClientResult>(id, pending)))
        {
            return false;
        }

        pending.Complete(completion);
        return true;
    }

    /// <summary>Fails every invocation pending for <paramref name="connectionId"/> (the connection ended).</summary>
    public void FailConnection(string connectionId, Exception exception)
    {
        foreach (var (id, pending) in _pending)
        {
            if (string.Equals(pending.ConnectionId, connectionId, StringComparison.Ordinal)
                && _pending.TryRemove(new KeyValuePair<string, PendingClientResult>(id, pending)))
            {
                pending.Fail(exception);
            }
        }
    }
}
