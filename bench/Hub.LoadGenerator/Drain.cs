namespace HubFramework.LoadGenerator;

/// <summary>Lets in-flight work finish after the measured window, for a bounded time.</summary>
internal static class Drain
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(5);

    /// <summary>Returns whether the condition came true before the limit.</summary>
    public static async Task<bool> UntilAsync(Func<bool> done, CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow + Limit;
        while (!done())
        {
            if (DateTime.UtcNow >= deadline)
            {
                return false;
            }

            await Task.Delay(50, cancellationToken).ConfigureAwait(false);
        }

        return true;
    }
}
