namespace HubFramework.Server.Hubs.Connection;

/// <summary>
/// A token bucket for one connection's invocations. Refilled lazily from elapsed time, so an idle connection costs
/// no timer. Used by the receive loop only (single-threaded).
/// </summary>
internal sealed class InvocationRateLimiter
{
    private readonly int _tokenLimit;
    private readonly int _tokensPerPeriod;
    private readonly long _periodMs;
    private readonly TimeProvider _time;
    private long _tokens;
    private long _lastRefill;

    public InvocationRateLimiter(InvocationRateLimitOptions options, TimeProvider time)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(options.TokenLimit, 1, nameof(options.TokenLimit));
        ArgumentOutOfRangeException.ThrowIfLessThan(options.TokensPerPeriod, 1, nameof(options.TokensPerPeriod));
        _tokenLimit = options.TokenLimit;
        _tokensPerPeriod = options.TokensPerPeriod;
        _periodMs = Math.Max(1, (long)options.ReplenishmentPeriod.TotalMilliseconds);
        _time = time;
        _tokens = _tokenLimit;
        _lastRefill = NowMs();
    }

    /// <summary>Takes one token; false when the bucket is empty.</summary>
    public bool TryAcquire()
    {
        var now = NowMs();
        var periods = (now - _lastRefill) / _periodMs;
        if (periods > 0)
        {
            _tokens = Math.Min(_tokenLimit, _tokens + (periods * _tokensPerPeriod));
            _lastRefill += periods * _periodMs;
        }

        if (_tokens <= 0)
        {
            return false;
        }

        _tokens--;
        return true;
    }

    private long NowMs() => (long)_time.GetElapsedTime(0, _time.GetTimestamp()).TotalMilliseconds;
}
