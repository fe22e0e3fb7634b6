namespace HubFramework.LoadGenerator;

/// <summary>
/// N connections each invoking Echo(payload) in a closed loop with K calls in flight (aspnet/Benchmarks "echo"):
/// completions per second and round-trip latency.
/// </summary>
internal static class EchoScenario
{
    public static async Task<ScenarioResult> RunAsync(LoadOptions options, HubEndpoint endpoint, ServerProcess server, CancellationToken cancellationToken)
    {
        var result = new ScenarioResult(options).Set("protocol", options.Protocol.Name).Set("inflight", options.InFlight).Set("payload_bytes", options.PayloadBytes);
        var set = await ConnectionSet.OpenAsync(endpoint, options.Connections, options.ConnectConcurrency, 16 * 1024, smallReceiveBuffer: false, cancellationToken).ConfigureAwait(false);
        var clock = new RunClock();
        var payload = new string('x', options.PayloadBytes);
        var sinks = new EchoSink[options.Connections];
        MeasurementWindow window;
        bool drained;
        try
        {
            for (var i = 0; i < sinks.Length; i++)
            {
                sinks[i] = new EchoSink(clock, options.InFlight, payload, options.Protocol);
                await sinks[i].StartAsync(set.Sockets[i], cancellationToken).ConfigureAwait(false);
                set.StartReceiving(i, sinks[i]);
            }

            window = await clock.RunAsync(options.Warmup, options.Duration, server, cancellationToken).ConfigureAwait(false);
            drained = await Drain.UntilAsync(() => sinks.All(s => s.Outstanding == 0), cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            clock.Stop();
            await set.CloseAsync().ConfigureAwait(false);
        }

        var latency = new LatencyHistogram();
        long completions = 0, errors = 0, closes = 0;
        foreach (var sink in sinks)
        {
            latency.Add(sink.Latency);
            completions += sink.Completions;
            errors += sink.ErrorCompletions;
            closes += sink.CloseMessages;
        }

        var perSecond = completions / window.Seconds;
        return result
            .Set("invocations_per_s", Math.Round(perSecond))
            .Set("p50_us", latency.Count > 0 ? latency.Percentile(0.50) : null)
            .Set("p99_us", latency.Count > 0 ? latency.Percentile(0.99) : null)
            .Set("server_cpu_us_per_op", PerOperation(window.ServerCpuSeconds, completions))
            .Set("errors", errors)
            .Set("close_messages", closes)
            .Set("drained", drained)
            .SetConnections(set)
            .SetWindow(window);
    }

    public static double? PerOperation(double? cpuSeconds, long operations) =>
        cpuSeconds is { } cpu && operations > 0 ? Math.Round(cpu * 1_000_000 / operations, 2) : null;
}
