using System.Diagnostics;
using System.Text;

namespace HubFramework.LoadGenerator;

/// <summary>
/// Fan-out. "broadcast": N connections on the hub, the first also invokes Broadcast(stamp) and every connection
/// (itself included) receives broadcast(stamp). "group": N members join one group, the first <c>stalled</c> of them
/// never read again, and an extra non-member invokes SendToGroup; the figures cover the members still reading,
/// which is the slow-consumer question: does one stalled reader slow down everyone else?
/// </summary>
internal static class BroadcastScenario
{
    private const string GroupName = "bench";
    private static readonly TimeSpan KeepAliveInterval = TimeSpan.FromSeconds(10);

    public static async Task<ScenarioResult> RunAsync(LoadOptions options, HubEndpoint endpoint, ServerProcess server, bool toGroup, CancellationToken cancellationToken)
    {
        var stalledCount = toGroup ? Math.Min(options.Stalled, options.Connections - 1) : 0;
        var readers = options.Connections - stalledCount;
        var result = new ScenarioResult(options)
            .Set("protocol", options.Protocol.Name)
            .Set("receivers", readers)
            .Set("stalled", stalledCount)
            .Set("window", options.InFlight)
            .Set("payload_bytes", options.PayloadBytes);

        ConnectionSet? stalled = null;
        if (stalledCount > 0)
        {
            stalled = await ConnectionSet.OpenAsync(endpoint, stalledCount, options.ConnectConcurrency, 4096, smallReceiveBuffer: true, cancellationToken).ConfigureAwait(false);
        }

        // In a group run the sender is one extra connection outside the group; in a broadcast run it is reader 0.
        var set = await ConnectionSet.OpenAsync(endpoint, readers + (toGroup ? 1 : 0), options.ConnectConcurrency, 16 * 1024, smallReceiveBuffer: false, cancellationToken).ConfigureAwait(false);
        var senderIndex = toGroup ? readers : 0;
        var clock = new RunClock();
        var tracker = new DeliveryTracker(options.InFlight, readers);
        var target = Encoding.UTF8.GetBytes(toGroup ? "\"groupMessage\"" : "\"broadcast\"");
        var sinks = new DeliverySink[readers];
        using var stopKeepAlive = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        MeasurementWindow window;
        long sent;
        bool drained;
        try
        {
            if (toGroup)
            {
                await JoinAsync(stalled, options, cancellationToken).ConfigureAwait(false);
                await JoinAsync(set, options, cancellationToken, except: senderIndex).ConfigureAwait(false);
            }

            for (var i = 0; i < readers; i++)
            {
                sinks[i] = new DeliverySink(clock, tracker, target);
                set.StartReceiving(i, sinks[i]);
            }

            var senderSink = new IdleSink();
            if (toGroup)
            {
                set.StartReceiving(senderIndex, senderSink);
            }

            var keepAlive = set.KeepAliveAsync(Enumerable.Range(0, set.Sockets.Length).Where(i => i != senderIndex).ToArray(), KeepAliveInterval, () => true, stopKeepAlive.Token);
            var stalledKeepAlive = stalled?.KeepAliveAsync(Enumerable.Range(0, stalledCount).ToArray(), KeepAliveInterval, () => true, stopKeepAlive.Token) ?? Task.CompletedTask;

            var stamp = toGroup
                ? new BroadcastStamp(options.Protocol, "SendToGroup", [GroupName], options.PayloadBytes)
                : new BroadcastStamp(options.Protocol, "Broadcast", [], options.PayloadBytes);
            var sending = SendLoopAsync(set.Sockets[senderIndex], stamp, tracker, clock, cancellationToken);
            window = await clock.RunAsync(options.Warmup, options.Duration, server, cancellationToken).ConfigureAwait(false);
            sent = await sending.ConfigureAwait(false);
            drained = await Drain.UntilAsync(() => tracker.FullyDelivered >= sent, cancellationToken).ConfigureAwait(false);
            await stopKeepAlive.CancelAsync().ConfigureAwait(false);
            await Task.WhenAll(keepAlive, stalledKeepAlive).ConfigureAwait(false);
            if (toGroup)
            {
                result.Set("sender_error_completions", senderSink.ErrorCompletions);
            }
        }
        finally
        {
            clock.Stop();
            await stopKeepAlive.CancelAsync().ConfigureAwait(false);
            await set.CloseAsync().ConfigureAwait(false);
            if (stalled is not null)
            {
                await stalled.CloseAsync().ConfigureAwait(false);
            }
        }

        var latency = new LatencyHistogram();
        long deliveries = 0, errors = 0, closes = 0;
        foreach (var sink in sinks)
        {
            latency.Add(sink.Latency);
            deliveries += sink.Deliveries;
            errors += sink.ErrorCompletions;
            closes += sink.CloseMessages;
        }

        result
            .Set("deliveries_per_s", Math.Round(deliveries / window.Seconds))
            .Set("broadcasts_per_s", Math.Round(deliveries / window.Seconds / readers))
            .Set("p50_us", latency.Count > 0 ? latency.Percentile(0.50) : null)
            .Set("p99_us", latency.Count > 0 ? latency.Percentile(0.99) : null)
            .Set("server_cpu_us_per_delivery", EchoScenario.PerOperation(window.ServerCpuSeconds, deliveries))
            .Set("errors", errors)
            .Set("close_messages", closes)
            .Set("drained", drained)
            .SetConnections(set)
            .SetWindow(window);
        return result;
    }

    private static async Task<long> SendLoopAsync(HubSocket sender, BroadcastStamp stamp, DeliveryTracker tracker, RunClock clock, CancellationToken cancellationToken)
    {
        await Task.Yield();
        long sequence = 0;
        while (clock.Running)
        {
            // Bounded wait: if receivers stop getting messages the loop still notices the end of the run.
            if (!await tracker.WaitForSlotAsync(TimeSpan.FromMilliseconds(200), cancellationToken).ConfigureAwait(false) || !clock.Running)
            {
                continue;
            }

            tracker.Sending(sequence);
            await sender.SendAsync(stamp.Write(sequence, Stopwatch.GetTimestamp()), cancellationToken).ConfigureAwait(false);
            sequence++;
        }

        return sequence;
    }

    private static async Task JoinAsync(ConnectionSet? set, LoadOptions options, CancellationToken cancellationToken, int except = -1)
    {
        if (set is null)
        {
            return;
        }

        var frame = options.Protocol.Invocation("0", "JoinGroup", GroupName);
        await Parallel.ForAsync(0, set.Sockets.Length, new ParallelOptions { MaxDegreeOfParallelism = options.ConnectConcurrency, CancellationToken = cancellationToken }, async (i, ct) =>
        {
            if (i == except)
            {
                return;
            }

            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
            timeout.CancelAfter(TimeSpan.FromSeconds(30));
            var sink = new CompletionSink(0);
            await set.Sockets[i].SendAsync(frame, timeout.Token).ConfigureAwait(false);
            await set.Sockets[i].ReceiveUntilAsync(sink, () => sink.Completed, timeout.Token).ConfigureAwait(false);
            if (sink.Error is not null)
            {
                throw new InvalidOperationException("JoinGroup failed: " + sink.Error);
            }
        }).ConfigureAwait(false);
    }
}
