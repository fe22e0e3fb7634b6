namespace HubFramework.Client.Tests.Units;

public sealed class RetryPolicyTests
{
    [Fact]
    public void DefaultDelaysAreZeroTwoTenThirtySecondsThenGiveUp()
    {
        var policy = new FixedDelaysRetryPolicy();

        var delays = Enumerable.Range(0, 5).Select(i => policy.NextRetryDelay(new RetryContext { PreviousRetryCount = i })).ToArray();

        Assert.Equal([TimeSpan.Zero, TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(30), null], delays);
    }

    [Fact]
    public void ExponentialBackoffStaysWithinItsJitterAndCapAndGivesUpInTime()
    {
        var policy = new ExponentialBackoffRetryPolicy(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(8), TimeSpan.FromMinutes(1), jitter: 0.25);

        Assert.Equal(TimeSpan.Zero, policy.NextRetryDelay(new RetryContext { PreviousRetryCount = 0 }));
        for (var attempt = 1; attempt < 10; attempt++)
        {
            var nominal = Math.Min(1000 * Math.Pow(2, attempt - 1), 8000);
            var delay = policy.NextRetryDelay(new RetryContext { PreviousRetryCount = attempt })!.Value.TotalMilliseconds;
            Assert.InRange(delay, nominal * 0.75, nominal * 1.25);
        }

        Assert.Null(policy.NextRetryDelay(new RetryContext { PreviousRetryCount = 3, ElapsedTime = TimeSpan.FromMinutes(2) }));
    }
}
