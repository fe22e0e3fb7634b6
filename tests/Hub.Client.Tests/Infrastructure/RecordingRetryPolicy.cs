using System.Collections.Concurrent;

namespace HubFramework.Client.Tests.Infrastructure;

/// <summary>Wraps a retry policy and records every question asked and every answer given.</summary>
internal sealed class RecordingRetryPolicy(IRetryPolicy inner) : IRetryPolicy
{
    public ConcurrentQueue<(RetryContext Context, TimeSpan? Delay)> Calls { get; } = new();

    public TimeSpan? NextRetryDelay(RetryContext retryContext)
    {
        var delay = inner.NextRetryDelay(retryContext);
        Calls.Enqueue((retryContext, delay));
        return delay;
    }
}
