namespace HubFramework.Server.Connections.Security;

/// <summary>
/// Lets one refusal log line through per interval and counts the rest, so that a flood of refused requests (what
/// the caps and checks exist for) cannot flood the logs as well. Every refusal is still counted on the
/// <c>hubframework.connections.refused</c> metric.
/// </summary>
internal sealed class RefusalLogThrottle
{
    private static readonly long IntervalMs = 10_000;

    private long _lastLogged = long.MinValue / 2;
    private int _suppressed;

    /// <summary>Whether this refusal is logged; <paramref name="suppressed"/>: refusals not logged since the last one.</summary>
    public bool ShouldLog(out int suppressed)
    {
        var now = Environment.TickCount64;
        var last = Volatile.Read(ref _lastLogged);
        if (now - last >= IntervalMs && Interlocked.CompareExchange(ref _lastLogged, now, last) == last)
        {
            suppressed = Interlocked.Exchange(ref _suppressed, 0);
            return true;
        }

        Interlocked.Increment(ref _suppressed);
        suppressed = 0;
        return false;
    }
}
