namespace HubFramework.Server.Hubs;

/// <summary>A token bucket per connection: <see cref="TokenLimit"/> messages at once, refilled by <see cref="TokensPerPeriod"/> every <see cref="ReplenishmentPeriod"/>.</summary>
public sealed class InvocationRateLimitOptions
{
    /// <summary>Bucket size. Default 100.</summary>
    public int TokenLimit { get; set; } = 100;

    /// <summary>Tokens added per period. Default 100.</summary>
    public int TokensPerPeriod { get; set; } = 100;

    /// <summary>Refill period. Default 1 s.</summary>
    public TimeSpan ReplenishmentPeriod { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>What happens to a message over the limit. Default: the invocation fails with an error (the connection stays).</summary>
    public RateLimitAction Action { get; set; } = RateLimitAction.RejectInvocation;
}

/// <summary>What the server does with a message that exceeds the rate limit.</summary>
public enum RateLimitAction
{
    /// <summary>Answer with a Completion error (ignored for fire-and-forget calls).</summary>
    RejectInvocation,

    /// <summary>Close the connection with an error.</summary>
    CloseConnection,
}
