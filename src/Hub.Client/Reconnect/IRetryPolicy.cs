namespace HubFramework.Client;

/// <summary>Decides whether and when automatic reconnect tries again after the connection was lost.</summary>
public interface IRetryPolicy
{
    /// <summary>
    /// How long to wait before the next reconnect attempt, or null to stop reconnecting (the connection then
    /// closes with the last error).
    /// </summary>
    /// <param name="retryContext">Attempts made so far, time spent reconnecting and the last error.</param>
    TimeSpan? NextRetryDelay(RetryContext retryContext);
}
