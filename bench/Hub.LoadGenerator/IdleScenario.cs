namespace HubFramework.LoadGenerator;

/// <summary>
/// N connections that only keep alive: the server's resident memory grows by about the cost of holding them.
/// Method: warm the server up with a few connections first (JIT, pools), read VmRSS, open N, let them settle
/// for the warm-up time, hold them for the duration, read VmRSS again; (after − before) ÷ N.
/// </summary>
internal static class IdleScenario
{
    private const int WarmupConnections = 20;
    private static readonly TimeSpan KeepAliveInterval = TimeSpan.FromSeconds(10);

    public static async Task<ScenarioResult> RunAsync(LoadOptions options, HubEndpoint endpoint, ServerProcess server, CancellationToken cancellationToken)
    {
        var result = new ScenarioResult(options);
        var warm = await ConnectionSet.OpenAsync(endpoint, WarmupConnections, options.ConnectConcurrency, 1024, smallReceiveBuffer: false, cancellationToken).ConfigureAwait(false);
        await warm.CloseAsync().ConfigureAwait(false);
        await Task.Delay(TimeSpan.FromSeconds(1), cancellationToken).ConfigureAwait(false);
        var before = server.ResidentBytes();

        var set = await ConnectionSet.OpenAsync(endpoint, options.Connections, options.ConnectConcurrency, 1024, smallReceiveBuffer: false, cancellationToken).ConfigureAwait(false);
        var clock = new RunClock();
        var sinks = new IdleSink[options.Connections];
        using var stopKeepAlive = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        MeasurementWindow window;
        try
        {
            for (var i = 0; i < sinks.Length; i++)
            {
                sinks[i] = new IdleSink();
                set.StartReceiving(i, sinks[i]);
            }

            var keepAlive = set.KeepAliveAsync(Enumerable.Range(0, sinks.Length).ToArray(), KeepAliveInterval, () => true, stopKeepAlive.Token);
            window = await clock.RunAsync(options.Warmup, options.Duration, server, cancellationToken).ConfigureAwait(false);
            await stopKeepAlive.CancelAsync().ConfigureAwait(false);
            await keepAlive.ConfigureAwait(false);
        }
        finally
        {
            clock.Stop();
            await stopKeepAlive.CancelAsync().ConfigureAwait(false);
            await set.CloseAsync().ConfigureAwait(false);
        }

        await Task.Delay(TimeSpan.FromSeconds(2), cancellationToken).ConfigureAwait(false);
        var afterClose = server.ResidentBytes();
        var after = window.End.ServerResidentBytes;
        var open = options.Connections - set.Dropped;
        result
            .Set("bytes_per_connection", before is { } b && after is { } a ? Math.Round((double)(a - b) / options.Connections) : null)
            .Set("rss_before_mb", ScenarioResult.Megabytes(before))
            .Set("rss_held_mb", ScenarioResult.Megabytes(after))
            .Set("rss_after_close_mb", ScenarioResult.Megabytes(afterClose))
            .Set("connects_per_s", Math.Round(options.Connections / set.ConnectTime.TotalSeconds))
            .Set("open_at_end", open)
            .Set("close_messages", sinks.Sum(s => s.CloseMessages))
            .SetConnections(set)
            .SetWindow(window);
        return result;
    }
}
