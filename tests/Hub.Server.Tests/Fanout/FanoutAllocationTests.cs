using HubFramework.Protocol;
using HubFramework.Server.Hubs.Outbound;

namespace HubFramework.Server.Tests.Fanout;

/// <summary>
/// The fan-out hot path allocates per message, never per recipient: walking connections and writing to each one
/// (straight into its transport pipe when it is idle, or into its queue) costs nothing per recipient. The pipes use a
/// retaining block pool, as real transports do, so that only our allocations are measured.
/// </summary>
public class FanoutAllocationTests
{
    private const int Recipients = 200;

    [Fact]
    public async Task Broadcast_allocations_do_not_grow_with_the_number_of_recipients()
    {
        await using var fixture = new LifetimeManagerFixture<FanoutHub>();
        var connections = await fixture.ConnectManyAsync(Recipients);
        var args = new object?[] { "payload" };

        // Warm up: queues, pools and the thread pool's work queues reach their steady size.
        for (var round = 0; round < 3; round++)
        {
            await fixture.Manager.SendAllAsync("m", args, null);
            await DrainAsync(connections);
        }

        var fewest = long.MaxValue;
        for (var round = 0; round < 5; round++)
        {
            var before = GC.GetAllocatedBytesForCurrentThread();
            _ = fixture.Manager.SendAllAsync("m", args, null);
            fewest = Math.Min(fewest, GC.GetAllocatedBytesForCurrentThread() - before);
            await DrainAsync(connections);
        }

        // One InvocationMessage, one SerializedHubMessage, its cached frame and the test protocol's own buffers:
        // a fixed cost. Even 16 bytes per recipient would exceed this.
        Assert.True(fewest < 2048, $"A broadcast to {Recipients} connections allocated {fewest} bytes on the sending thread.");
    }

    [Fact]
    public async Task Queueing_a_preserialized_message_on_an_idle_connection_allocates_nothing()
    {
        await using var harness = new OutboundHarness(stalledReader: false, pool: new RetainingMemoryPool());
        var message = new SerializedHubMessage(new InvocationMessage("m", ["x"]));
        for (var i = 0; i < 64; i++)
        {
            harness.Outbound.TryWriteFanOut(message, null);
        }

        await harness.ReadAsync(64);
        var fewest = long.MaxValue;
        for (var round = 0; round < 5; round++)
        {
            var before = GC.GetAllocatedBytesForCurrentThread();
            for (var i = 0; i < 32; i++)
            {
                await harness.Outbound.WriteAsync(message, null, default);
            }

            fewest = Math.Min(fewest, GC.GetAllocatedBytesForCurrentThread() - before);
            await harness.ReadAsync(32);
        }

        Assert.Equal(0, fewest);
    }

    private static async Task DrainAsync(FanoutConnection[] connections)
    {
        foreach (var connection in connections)
        {
            await connection.ReadAsync(1);
        }
    }
}
