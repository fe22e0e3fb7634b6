using HubFramework.Server.Connections.Security;

namespace HubFramework.Server.Tests.Security;

public class RefusalLogThrottleTests
{
    [Fact]
    public void AFloodOfRefusalsLogsOnceAndCountsTheRest()
    {
        var throttle = new RefusalLogThrottle();
        Assert.True(throttle.ShouldLog(out var first));
        Assert.Equal(0, first);
        var logged = 0;
        for (var i = 0; i < 10_000; i++)
        {
            logged += throttle.ShouldLog(out _) ? 1 : 0;
        }

        // Within one interval (10 s) nothing more is logged, however many refusals there are.
        Assert.Equal(0, logged);
    }
}
