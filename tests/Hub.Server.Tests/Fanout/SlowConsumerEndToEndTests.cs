using System.Diagnostics;
using HubFramework.Server.Hubs;
using HubFramework.Server.Hubs.Outbound;
using HubFramework.Server.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Transport.Sockets;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace HubFramework.Server.Tests.Fanout;

/// <summary>The hub the slow-consumer tests map; the tests drive it from outside through <see cref="IHubContext{THub}"/>.</summary>
public sealed class SlowConsumerHub : Hub
{
}

/// <summary>
/// Many real WebSocket clients in one group over real Kestrel, one of which stops reading: broadcasts keep reaching
/// everyone else, the stalled one is handled by its policy, and what the server holds for it stays bounded.
/// </summary>
public class SlowConsumerEndToEndTests(ITestOutputHelper output)
{
    private const string Group = "everyone";
    private const int MaxQueuedBytes = 64 * 1024;

    // Broadcasts go on until the stalled client's buffers (socket, transport pipe, queue) are full and the policy has
    // acted, then this many more; the total is bounded either way.
    private const int BroadcastsAfterThePolicyActed = 50;
    private const int MaxBroadcasts = 3000;

    private static readonly string Payload = new('x', 1024);
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task A_stalled_client_is_disconnected_while_199_others_keep_receiving_every_broadcast()
    {
        await using var host = await StartAsync(SlowConsumerPolicy.Disconnect);
        var (healthy, stalled) = await ConnectAsync(host, 199);
        try
        {
            var readers = healthy.Select(c => c.ReadTicksUntilDoneAsync(CancellationToken.None)).ToArray();
            var run = await BroadcastAsync(host, stalled, options: null);

            await Task.WhenAll(readers).WaitAsync(Bound);
            foreach (var client in healthy)
            {
                Assert.True(client.CloseError is null, $"A healthy client was closed: {client.CloseError}");
                Assert.True(client.Done, "A healthy client's connection ended early.");
                Assert.Equal(Enumerable.Range(0, run.Broadcasts).Select(i => (long)i), client.Sequences);
            }

            var manager = Manager(host);
            Assert.True(run.PolicyActed, "The stalled client was not closed as a slow consumer.");
            await ConnectionOutboundTests.WaitUntilAsync(() => manager.FindConnection(stalled.ConnectionId) is null);
            Assert.Equal(199, manager.ConnectionCount);
            Assert.Equal(0, run.SendsThatWaited);
            Assert.InRange(run.MaxStalledQueuedBytes, 0, MaxQueuedBytes);

            var worst = healthy.Max(c => c.MaxLatency);
            output.WriteLine($"{run.Broadcasts} broadcasts to 200 ({199 * run.Broadcasts} deliveries) in {run.Elapsed.TotalMilliseconds:0} ms; " +
                $"closed the stalled client after broadcast {run.PolicyActedAt}; worst latency of the other 199: {worst.TotalMilliseconds:0} ms; " +
                $"the stalled client's queue peaked at {run.MaxStalledQueuedBytes} bytes");
            Assert.True(worst < Bound, $"A healthy client waited {worst} for a broadcast.");
        }
        finally
        {
            await DisposeAllAsync(healthy, stalled);
        }
    }

    [Theory]
    [InlineData(SlowConsumerPolicy.DropOldest)]
    [InlineData(SlowConsumerPolicy.CoalesceByKey)]
    public async Task A_stalled_client_under_a_lossy_policy_stays_connected_and_gets_the_newest_messages_when_it_reads_again(SlowConsumerPolicy policy)
    {
        await using var host = await StartAsync(policy);
        var (healthy, stalled) = await ConnectAsync(host, 19);
        try
        {
            var options = policy == SlowConsumerPolicy.CoalesceByKey ? SendOptions.Coalesce("tick") : null;
            var readers = healthy.Select(c => c.ReadTicksUntilDoneAsync(CancellationToken.None)).ToArray();
            var run = await BroadcastAsync(host, stalled, options);
            await Task.WhenAll(readers).WaitAsync(Bound);
            Assert.All(healthy, c => Assert.Equal(run.Broadcasts, c.Sequences.Length));

            var outbound = Manager(host).FindConnection(stalled.ConnectionId)?.Outbound;
            Assert.NotNull(outbound);
            Assert.True(run.PolicyActed, "Nothing was dropped or coalesced for the stalled client.");
            Assert.False(outbound.ClosedAsSlowConsumer);
            Assert.InRange(run.MaxStalledQueuedBytes, 0, MaxQueuedBytes);

            // It reads again: what it gets is in order, incomplete, and ends with the newest broadcast.
            await stalled.ReadTicksUntilDoneAsync(CancellationToken.None).WaitAsync(Bound);
            var received = stalled.Sequences;
            Assert.True(stalled.Done);
            Assert.Equal(run.Broadcasts - 1, received[^1]);
            Assert.True(received.Length < run.Broadcasts);
            Assert.Equal(received.Order(), received);
            output.WriteLine($"{policy}: the stalled client got {received.Length} of {run.Broadcasts}; dropped {outbound.DroppedMessages}, coalesced {outbound.CoalescedMessages}");
        }
        finally
        {
            await DisposeAllAsync(healthy, stalled);
        }
    }

    private static DefaultHubLifetimeManager<SlowConsumerHub> Manager(KestrelHost host)
        => (DefaultHubLifetimeManager<SlowConsumerHub>)host.Services.GetRequiredService<HubFramework.Server.Hubs.Namespaces.HubNamespaceRegistry<SlowConsumerHub>>().Default.LifetimeManager;

    private static Task<KestrelHost> StartAsync(SlowConsumerPolicy policy) => KestrelHost.StartAsync(
        services =>
        {
            services.AddAuthorization();
            services.AddHubs(o =>
            {
                o.OutboundQueue.Policy = policy;
                o.OutboundQueue.MaxQueuedBytes = MaxQueuedBytes;
            });
        },
        app => app.MapHub<SlowConsumerHub>("/slow", o => o.ApplicationMaxBufferSize = 16 * 1024),
        builder => builder.WebHost.UseSockets(o => o.CreateBoundListenSocket = endpoint =>
        {
            // Accepted sockets inherit the listener's send buffer: a small one makes a stalled reader back up into our
            // queue after kilobytes instead of megabytes, which keeps the test short.
            var socket = SocketTransportOptions.CreateDefaultBoundListenSocket(endpoint);
            socket.SendBufferSize = 16 * 1024;
            return socket;
        }));

    private static async Task<(WebSocketTickClient[] Healthy, WebSocketTickClient Stalled)> ConnectAsync(KestrelHost host, int healthyCount)
    {
        var healthy = new List<WebSocketTickClient>();
        WebSocketTickClient? stalled = null;
        try
        {
            // A few at a time: 2-core CI machines also run other tests.
            foreach (var batch in Enumerable.Range(0, healthyCount).Chunk(25))
            {
                healthy.AddRange(await Task.WhenAll(batch.Select(_ => WebSocketTickClient.ConnectAsync(host.BaseUri, "/slow"))));
            }

            stalled = await WebSocketTickClient.ConnectAsync(host.BaseUri, "/slow", receiveBufferSize: 4096);
            var context = host.Services.GetRequiredService<IHubContext<SlowConsumerHub>>();
            foreach (var client in healthy.Append(stalled))
            {
                await context.Groups.AddToGroupAsync(client.ConnectionId, Group);
            }

            return (healthy.ToArray(), stalled);
        }
        catch
        {
            await DisposeAllAsync(healthy.ToArray(), stalled);
            throw;
        }
    }

    /// <summary>Broadcasts ticks at a steady pace until the stalled client's policy has acted (and a while after), then "done".</summary>
    private static async Task<BroadcastRun> BroadcastAsync(KestrelHost host, WebSocketTickClient stalled, SendOptions? options)
    {
        var context = host.Services.GetRequiredService<IHubContext<SlowConsumerHub>>();
        var outbound = Manager(host).FindConnection(stalled.ConnectionId)!.Outbound;
        var group = context.Clients.Group(Group);
        var waited = 0;
        long maxQueued = 0;
        int? actedAt = null;
        var started = Stopwatch.StartNew();
        var sent = 0;
        while (sent < MaxBroadcasts && (actedAt is null || sent < actedAt + BroadcastsAfterThePolicyActed))
        {
            var send = group.SendCoreAsync("tick", [sent, DateTime.UtcNow.Ticks, Payload], options);

            // A send to a group only queues: it must be done before we even await it.
            if (!send.IsCompletedSuccessfully)
            {
                waited++;
            }

            await send;
            sent++;
            maxQueued = Math.Max(maxQueued, outbound.QueuedBytes);
            if (actedAt is null && (outbound.ClosedAsSlowConsumer || outbound.DroppedMessages + outbound.CoalescedMessages > 0))
            {
                actedAt = sent;
            }

            // A steady pace the 199 readers in this same process can follow on two cores, rather than one burst.
            await Task.Delay(1);
        }

        await group.SendCoreAsync("done", []);
        return new BroadcastRun(sent, started.Elapsed, waited, maxQueued, actedAt is not null, actedAt ?? -1);
    }

    private static async Task DisposeAllAsync(WebSocketTickClient[] healthy, WebSocketTickClient? stalled)
    {
        foreach (var client in healthy)
        {
            await client.DisposeAsync();
        }

        if (stalled is not null)
        {
            await stalled.DisposeAsync();
        }
    }

    private sealed record BroadcastRun(int Broadcasts, TimeSpan Elapsed, int SendsThatWaited, long MaxStalledQueuedBytes, bool PolicyActed, int PolicyActedAt);
}
