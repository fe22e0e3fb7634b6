namespace HubFramework.Client;

/// <summary>
/// Doubles the delay after every attempt, up to a cap, with random jitter so that many clients dropped at the
/// same moment do not all come back at the same moment; gives up after a total time.
/// </summary>
public sealed class ExponentialBackoffRetryPolicy : IRetryPolicy
{
    private readonly TimeSpan _initialDelay;
    private readonly TimeSpan _maximumDelay;
    private readonly TimeSpan _giveUpAfter;
    private readonly double _jitter;

    /// <summary>Creates the policy.</summary>
    /// <param name="initialDelay">Delay before the second attempt (the first one is immediate).</param>
    /// <param name="maximumDelay">Longest delay between attempts.</param>
    /// <param name="giveUpAfter">Stop once this much time has passed since the connection was lost.</param>
    /// <param name="jitter">Fraction (0 to 1) of each delay that is randomized: 0.2 means ±20 %.</param>
    public ExponentialBackoffRetryPolicy(TimeSpan initialDelay, TimeSpan maximumDelay, TimeSpan giveUpAfter, double jitter = 0.2)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(initialDelay, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfLessThan(maximumDelay, initialDelay);
        ArgumentOutOfRangeException.ThrowIfLessThan(giveUpAfter, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfLessThan(jitter, 0);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(jitter, 1);
        _initialDelay = initialDelay;
        _maximumDelay = maximumDelay;
        _giveUpAfter = giveUpAfter;
        _jitter = jitter;
    }

    /// <inheritdoc />
    public TimeSpan? NextRetryDelay(RetryContext retryContext)
    {
        ArgumentNullException.ThrowIfNull(retryContext);
        if (retryContext.ElapsedTime >= _giveUpAfter)
        {
            return null;
        }

        if (retryContext.PreviousRetryCount == 0)
        {
            return TimeSpan.Zero;
        }

        var exponent = Math.Min(retryContext.PreviousRetryCount - 1, 30);
        var delay = Math.Min(_initialDelay.TotalMilliseconds * Math.Pow(2, exponent), _maximumDelay.TotalMilliseconds);
        var factor = 1 + (((Random.Shared.NextDouble() * 2) - 1) * _jitter);
        return TimeSpan.FromMilliseconds(Math.Max(0, delay * factor));
    }
}
