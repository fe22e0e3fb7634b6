namespace HubFramework.Client;

/// <summary>What an <see cref="IRetryPolicy"/> knows when it picks the next delay.</summary>
public sealed class RetryContext
{
    /// <summary>Reconnect attempts already made (0 before the first one).</summary>
    public long PreviousRetryCount { get; init; }

    /// <summary>Time since the connection was lost.</summary>
    public TimeSpan ElapsedTime { get; init; }

    /// <summary>Why the connection was lost (first call) or why the previous attempt failed.</summary>
    public Exception? RetryReason { get; init; }
}
