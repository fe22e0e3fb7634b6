namespace HubFramework.Client;

/// <summary>Waits the given delays in order, one per attempt, then gives up.</summary>
public sealed class FixedDelaysRetryPolicy : IRetryPolicy
{
    /// <summary>The default delays: at once, then 2, 10 and 30 seconds.</summary>
    public static IReadOnlyList<TimeSpan> DefaultDelays { get; } =
        [TimeSpan.Zero, TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(30)];

    private readonly TimeSpan[] _delays;

    /// <summary>Creates the policy with <see cref="DefaultDelays"/>.</summary>
    public FixedDelaysRetryPolicy()
        : this(DefaultDelays)
    {
    }

    /// <summary>Creates the policy.</summary>
    /// <param name="delays">One delay per attempt; the number of delays is the number of attempts.</param>
    public FixedDelaysRetryPolicy(IEnumerable<TimeSpan> delays)
    {
        ArgumentNullException.ThrowIfNull(delays);
        _delays = delays.ToArray();
        foreach (var delay in _delays)
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(delay, TimeSpan.Zero, nameof(delays));
        }
    }

    /// <inheritdoc />
    public TimeSpan? NextRetryDelay(RetryContext retryContext)
    {
        ArgumentNullException.ThrowIfNull(retryContext);
        return retryContext.PreviousRetryCount < _delays.Length ? _delays[retryContext.PreviousRetryCount] : null;
    }
}
