namespace HubFramework.Samples.Whiteboard.Hubs;

/// <summary>A token bucket of one connection for one kind of message (kept in the connection's items).</summary>
public sealed class ConnectionRate(int perSecond)
{
    private readonly object _lock = new();
    private double _tokens = perSecond * 2;
    private long _last = Environment.TickCount64;
    private long? _lastNotice;

    public int PerSecond { get; } = perSecond;

    public bool TryTake()
    {
        lock (_lock)
        {
            var now = Environment.TickCount64;
            _tokens = Math.Min(PerSecond * 2, _tokens + ((now - _last) * PerSecond / 1000.0));
            _last = now;
            if (_tokens < 1)
            {
                return false;
            }

            _tokens--;
            return true;
        }
    }

    /// <summary>True at most every two seconds: how often a client is told that its extra messages were dropped.</summary>
    public bool ShouldNotify()
    {
        lock (_lock)
        {
            var now = Environment.TickCount64;
            if (_lastNotice is { } last && now - last < 2000)
            {
                return false;
            }

            _lastNotice = now;
            return true;
        }
    }
}
