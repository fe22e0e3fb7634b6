using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using HubFramework.Server.Hubs.Outbound;

namespace HubFramework.Server.Tests.Fanout;

public class OutboundMetricsTests
{
    [Fact]
    public async Task Drops_coalescing_and_slow_consumer_closes_are_counted_in_the_hub_meter()
    {
        var totals = new ConcurrentDictionary<string, long>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == "HubFramework.Server.Hubs" && instrument.Name.StartsWith("hubframework.hub.outbound.", StringComparison.Ordinal))
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((instrument, value, _, _) => totals.AddOrUpdate(instrument.Name, value, (_, sum) => sum + value));
        listener.Start();

        await using (var harness = new OutboundHarness(o => o.OutboundQueue.MaxQueuedMessages = 3))
        {
            await harness.SendFirstAndStallAsync();
            await harness.SendAsync("c1", SendOptions.Coalesce("k"));
            await harness.SendAsync("c2", SendOptions.Coalesce("k"));
            await harness.SendAsync("d1", SendOptions.Droppable);
            await harness.SendAsync("d2", SendOptions.Droppable);
            await harness.SendAsync("keep1");
            await harness.SendAsync("keep2");
            Assert.Equal((1, 3), (harness.Outbound.CoalescedMessages, harness.Outbound.DroppedMessages));
            Assert.False(harness.Outbound.TryWriteFanOut(new SerializedHubMessage(OutboundHarness.Invocation("full")), null));
        }

        // Other tests may run in parallel and add to the same counters: at least ours are there.
        Assert.True(totals.GetValueOrDefault("hubframework.hub.outbound.dropped") >= 3, "dropped");
        Assert.True(totals.GetValueOrDefault("hubframework.hub.outbound.coalesced") >= 1, "coalesced");
        Assert.True(totals.GetValueOrDefault("hubframework.hub.outbound.slow_consumer_disconnects") >= 1, "slow consumer");
        Assert.True(totals.GetValueOrDefault("hubframework.hub.outbound.flushes") >= 1, "flushes");
        Assert.True(totals.ContainsKey("hubframework.hub.outbound.queued_bytes"), "queued bytes");
    }
}
