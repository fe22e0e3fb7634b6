using System.Collections.Concurrent;

namespace HubFramework.Server.Hubs.Connection;

/// <summary>
/// One timer for all connections of a hub: each tick visits every connection (keep-alive pings, client timeout,
/// stateful-reconnect acks). Far cheaper than a timer per connection; a tick that overruns the next one is skipped.
/// </summary>
internal sealed class HubConnectionHeartbeat : IDisposable
{
    private readonly ConcurrentDictionary<HubConnectionContext, byte> _connections = new();
    private readonly Action<HubConnectionContext, long> _tick;
    private readonly Timer _timer;
    private int _ticking;
    private int _started;

    public HubConnectionHeartbeat(TimeSpan interval, Action<HubConnectionContext, long> tick)
    {
        _tick = tick;
        Interval = interval;
        _timer = new Timer(static state => ((HubConnectionHeartbeat)state!).OnTimer(), this, Timeout.Infinite, Timeout.Infinite);
    }

    public TimeSpan Interval { get; }

    public int Count => _connections.Count;

    public IEnumerable<HubConnectionContext> Connections => _connections.Keys;

    public void Add(HubConnectionContext connection)
    {
        _connections.TryAdd(connection, 0);

        // Started on first use (only then: restarting would push every tick back while connections keep arriving).
        if (Interlocked.Exchange(ref _started, 1) == 0)
        {
            _timer.Change(Interval, Interval);
        }
    }

    public void Remove(HubConnectionContext connection) => _connections.TryRemove(connection, out _);

    /// <summary>Picks a tick short enough for every deadline it watches, and never busier than 10 ms or lazier than 1 s.</summary>
    public static TimeSpan ChooseInterval(params TimeSpan[] deadlines)
    {
        var shortest = deadlines.Where(d => d > TimeSpan.Zero && d != Timeout.InfiniteTimeSpan).DefaultIfEmpty(TimeSpan.FromSeconds(1)).Min();
        var interval = shortest / 4;
        return interval < TimeSpan.FromMilliseconds(10) ? TimeSpan.FromMilliseconds(10)
            : interval > TimeSpan.FromSeconds(1) ? TimeSpan.FromSeconds(1)
            : interval;
    }

    public void Dispose() => _timer.Dispose();

    private void OnTimer()
    {
        if (Interlocked.Exchange(ref _ticking, 1) != 0)
        {
            return;
        }

        try
        {
            var now = Environment.TickCount64;
            foreach (var connection in _connections.Keys)
            {
                _tick(connection, now);
            }
        }
        finally
        {
            Volatile.Write(ref _ticking, 0);
        }
    }
}
