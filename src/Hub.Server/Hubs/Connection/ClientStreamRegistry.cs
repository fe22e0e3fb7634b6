using HubFramework.Server.Hubs.Dispatch;

namespace HubFramework.Server.Hubs.Connection;

/// <summary>The open client-to-server streams of one connection, by stream id.</summary>
internal sealed class ClientStreamRegistry
{
    private readonly Lock _lock = new();
    private Dictionary<string, ClientStream>? _streams;

    public bool TryAdd(string streamId, ClientStream stream)
    {
        lock (_lock)
        {
            _streams ??= new Dictionary<string, ClientStream>(StringComparer.Ordinal);
            return _streams.TryAdd(streamId, stream);
        }
    }

    public bool TryGet(string streamId, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out ClientStream? stream)
    {
        lock (_lock)
        {
            stream = null;
            return _streams?.TryGetValue(streamId, out stream) == true;
        }
    }

    /// <summary>Removes and completes the stream (with <paramref name="error"/> when given).</summary>
    public bool TryComplete(string streamId, Exception? error)
    {
        ClientStream? stream;
        lock (_lock)
        {
            if (_streams is null || !_streams.Remove(streamId, out stream))
            {
                return false;
            }
        }

        stream.Complete(error);
        return true;
    }

    /// <summary>Completes every stream still open (the connection is ending).</summary>
    public void CompleteAll(Exception error)
    {
        ClientStream[] streams;
        lock (_lock)
        {
            if (_streams is null || _streams.Count == 0)
            {
                return;
            }

            streams = _streams.Values.ToArray();
            _streams.Clear();
        }

        foreach (var stream in streams)
        {
            stream.Complete(error);
        }
    }
}
