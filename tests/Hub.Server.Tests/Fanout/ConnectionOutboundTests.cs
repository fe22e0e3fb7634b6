using HubFramework.Protocol;
using HubFramework.Server.Hubs.Outbound;

namespace HubFramework.Server.Tests.Fanout;

public class ConnectionOutboundTests
{
    private static string Frame(string target) => $"1||{target}|";

    [Fact]
    public async Task Messages_arrive_in_order_framed_by_the_connection_protocol()
    {
        await using var harness = new OutboundHarness(stalledReader: false);
        for (var i = 0; i < 200; i++)
        {
            await harness.Outbound.WriteAsync(new InvocationMessage("m", [i, "x"]), null, default);
        }

        var frames = await harness.ReadAsync(200);
        Assert.Equal(Enumerable.Range(0, 200).Select(i => $"1||m|{i};x"), frames);
    }

    [Fact]
    public async Task An_idle_connection_is_written_and_flushed_before_the_send_returns()
    {
        await using var harness = new OutboundHarness(stalledReader: false);
        await ConnectionOutboundTests.WaitUntilAsync(() => harness.Outbound.QueuedMessages == 0);

        Assert.True(harness.Outbound.TryWriteFanOut(new SerializedHubMessage(new InvocationMessage("now", [])), null));

        // No queueing and no hand-off to the sender loop: the frame is already in the transport.
        Assert.Equal(1, harness.Writer.Flushes);
        Assert.Equal(0, harness.Outbound.QueuedMessages);
        Assert.Equal(new[] { Frame("now") }, await harness.ReadAsync(1));
    }

    [Fact]
    public async Task Concurrent_senders_lose_nothing_and_each_keeps_its_order()
    {
        const int senders = 8;
        const int perSender = 500;
        await using var harness = new OutboundHarness(o => o.OutboundQueue.MaxQueuedMessages = 64, stalledReader: false);
        var reading = harness.ReadAsync(senders * perSender);
        await Task.WhenAll(Enumerable.Range(0, senders).Select(s => Task.Run(async () =>
        {
            for (var i = 0; i < perSender; i++)
            {
                if (i % 2 == 0)
                {
                    await harness.Outbound.WriteAsync(new InvocationMessage("m", [s, i]), null, default);
                }
                else
                {
                    await harness.Outbound.WriteAsync(new SerializedHubMessage(new InvocationMessage("m", [s, i])), null, default);
                }
            }
        })));

        var frames = await reading;
        Assert.Empty(harness.CloseReasons);
        for (var s = 0; s < senders; s++)
        {
            var mine = frames.Where(f => f.StartsWith($"1||m|{s};", StringComparison.Ordinal)).ToList();
            Assert.Equal(Enumerable.Range(0, perSender).Select(i => $"1||m|{s};{i}"), mine);
        }
    }

    [Fact]
    public async Task Messages_queued_while_the_transport_is_busy_go_out_in_one_flush()
    {
        await using var harness = new OutboundHarness();
        await harness.SendFirstAndStallAsync();
        for (var i = 0; i < 50; i++)
        {
            await harness.SendAsync($"m{i}");
        }

        Assert.Equal(51, harness.Outbound.QueuedMessages);
        var frames = await harness.ReadAsync(51);

        Assert.Equal(new[] { Frame("first") }.Concat(Enumerable.Range(0, 50).Select(i => Frame($"m{i}"))), frames);
        await WaitUntilAsync(() => harness.Outbound.QueuedMessages == 0);
        Assert.Equal(2, harness.Writer.Flushes);
    }

    [Fact]
    public async Task Disconnect_policy_closes_the_connection_once_the_message_cap_is_reached()
    {
        await using var harness = new OutboundHarness(o =>
        {
            o.OutboundQueue.Policy = SlowConsumerPolicy.Disconnect;
            o.OutboundQueue.MaxQueuedMessages = 3;
        });
        await harness.SendFirstAndStallAsync();
        await harness.SendAsync("a");
        await harness.SendAsync("b");
        Assert.Empty(harness.CloseReasons);

        await harness.SendAsync("c");
        await harness.SendAsync("d");

        var reason = Assert.Single(harness.CloseReasons);
        Assert.StartsWith("slow consumer: outbound queue full", reason);
        Assert.Contains("policy Disconnect", reason);
        Assert.True(harness.Outbound.ClosedAsSlowConsumer);

        // The queue was discarded at once (only the frame already handed to the transport remains).
        Assert.Equal(1, harness.Outbound.QueuedMessages);
        Assert.Equal(new[] { Frame("first") }, await harness.ReadAsync(1));
        Assert.Empty(await FrameReader.ReadAvailableFramesAsync(harness.Reader, TimeSpan.FromMilliseconds(100)));
    }

    [Fact]
    public async Task Disconnect_policy_closes_the_connection_once_the_byte_cap_is_reached()
    {
        var frameBytes = Frame("a0").Length + 1;
        await using var harness = new OutboundHarness(o =>
        {
            o.OutboundQueue.Policy = SlowConsumerPolicy.Disconnect;
            o.OutboundQueue.MaxQueuedBytes = frameBytes * 4;
        });
        await harness.SendFirstAndStallAsync("f0");
        for (var i = 1; i < 4; i++)
        {
            await harness.SendAsync($"a{i}");
        }

        Assert.Empty(harness.CloseReasons);
        Assert.Equal(frameBytes * 4, harness.Outbound.QueuedBytes);

        await harness.SendAsync("a4");
        Assert.Single(harness.CloseReasons);
    }

    [Fact]
    public async Task A_message_larger_than_the_byte_cap_still_goes_out_when_nothing_else_is_queued()
    {
        await using var harness = new OutboundHarness(o =>
        {
            o.OutboundQueue.Policy = SlowConsumerPolicy.Disconnect;
            o.OutboundQueue.MaxQueuedBytes = 16;
        }, stalledReader: false);
        var big = new string('x', 1000);
        await harness.Outbound.WriteAsync(new InvocationMessage("big", [big]), null, default);

        Assert.Equal(new[] { $"1||big|{big}" }, await harness.ReadAsync(1));
        Assert.Empty(harness.CloseReasons);
    }

    [Fact]
    public async Task DropOldest_keeps_the_newest_messages_and_counts_the_drops()
    {
        await using var harness = new OutboundHarness(o => o.OutboundQueue.MaxQueuedMessages = 4);
        await harness.SendFirstAndStallAsync();
        for (var i = 1; i <= 10; i++)
        {
            await harness.SendAsync($"m{i}", SendOptions.Droppable);
        }

        Assert.Equal(7, harness.Outbound.DroppedMessages);
        Assert.Equal(new[] { Frame("first"), Frame("m8"), Frame("m9"), Frame("m10") }, await harness.ReadAsync(4));
        Assert.Empty(harness.CloseReasons);
    }

    [Fact]
    public async Task DropOldest_drops_the_new_message_when_nothing_queued_is_droppable()
    {
        await using var harness = new OutboundHarness(o => o.OutboundQueue.MaxQueuedMessages = 3);
        await harness.SendFirstAndStallAsync();
        await harness.SendAsync("keep1");
        await harness.SendAsync("keep2");
        await harness.SendAsync("extra", SendOptions.Droppable);

        Assert.Equal(1, harness.Outbound.DroppedMessages);
        Assert.Equal(new[] { Frame("first"), Frame("keep1"), Frame("keep2") }, await harness.ReadAsync(3));
        Assert.Empty(harness.CloseReasons);
    }

    [Fact]
    public async Task Droppable_messages_give_way_before_a_disconnect_policy_acts()
    {
        await using var harness = new OutboundHarness(o =>
        {
            o.OutboundQueue.Policy = SlowConsumerPolicy.Disconnect;
            o.OutboundQueue.MaxQueuedMessages = 3;
        });
        await harness.SendFirstAndStallAsync();
        await harness.SendAsync("d1", SendOptions.Droppable);
        await harness.SendAsync("d2", SendOptions.Droppable);
        await harness.SendAsync("important");

        Assert.Empty(harness.CloseReasons);
        Assert.Equal(new[] { Frame("first"), Frame("d2"), Frame("important") }, await harness.ReadAsync(3));
    }

    [Fact]
    public async Task CoalesceByKey_replaces_the_queued_message_in_place()
    {
        await using var harness = new OutboundHarness();
        await harness.SendFirstAndStallAsync();
        await harness.SendAsync("x1", SendOptions.Coalesce("x"));
        await harness.SendAsync("y1", SendOptions.Coalesce("y"));
        await harness.SendAsync("plain");
        await harness.SendAsync("x2", SendOptions.Coalesce("x"));
        await harness.SendAsync("x3", SendOptions.Coalesce("x"));

        Assert.Equal(2, harness.Outbound.CoalescedMessages);
        Assert.Equal(4, harness.Outbound.QueuedMessages);
        Assert.Equal(new[] { Frame("first"), Frame("x3"), Frame("y1"), Frame("plain") }, await harness.ReadAsync(4));
        Assert.Empty(await FrameReader.ReadAvailableFramesAsync(harness.Reader, TimeSpan.FromMilliseconds(100)));
    }

    [Fact]
    public async Task CoalesceByKey_tracks_the_replaced_size_in_the_byte_count()
    {
        await using var harness = new OutboundHarness();
        await harness.SendFirstAndStallAsync();
        var before = harness.Outbound.QueuedBytes;
        await harness.Outbound.WriteAsync(new InvocationMessage("pos", ["1"]), SendOptions.Coalesce("k"), default);
        await harness.Outbound.WriteAsync(new InvocationMessage("pos", ["12345"]), SendOptions.Coalesce("k"), default);

        Assert.Equal(before + "1||pos|12345".Length + 1, harness.Outbound.QueuedBytes);
    }

    [Fact]
    public async Task CoalesceByKey_with_a_full_queue_and_a_new_key_drops_the_oldest_droppable()
    {
        await using var harness = new OutboundHarness(o => o.OutboundQueue.MaxQueuedMessages = 3);
        await harness.SendFirstAndStallAsync();
        await harness.SendAsync("a", SendOptions.Coalesce("a"));
        await harness.SendAsync("b", SendOptions.Coalesce("b"));
        await harness.SendAsync("c", SendOptions.Coalesce("c"));

        Assert.Equal(1, harness.Outbound.DroppedMessages);
        Assert.Equal(new[] { Frame("first"), Frame("b"), Frame("c") }, await harness.ReadAsync(3));
    }

    [Fact]
    public async Task Wait_policy_holds_a_single_target_send_until_there_is_room()
    {
        await using var harness = new OutboundHarness(o => o.OutboundQueue.MaxQueuedMessages = 2);
        await harness.SendFirstAndStallAsync();
        await harness.SendAsync("a");

        var waiting = harness.SendAsync("b").AsTask();
        await Task.Delay(50);
        Assert.False(waiting.IsCompleted);

        var frames = await harness.ReadAsync(3);
        await waiting.WaitAsync(FrameReader.DefaultTimeout);
        Assert.Equal(new[] { Frame("first"), Frame("a"), Frame("b") }, frames);
        Assert.Empty(harness.CloseReasons);
    }

    [Fact]
    public async Task Wait_policy_closes_the_connection_after_MaxWait()
    {
        await using var harness = new OutboundHarness(o =>
        {
            o.OutboundQueue.MaxQueuedMessages = 1;
            o.OutboundQueue.MaxWait = TimeSpan.FromMilliseconds(100);
        });
        await harness.SendFirstAndStallAsync();

        await harness.SendAsync("late").AsTask().WaitAsync(FrameReader.DefaultTimeout);

        var reason = Assert.Single(harness.CloseReasons);
        Assert.Contains("outbound queue full for 0.1 s", reason);
    }

    [Fact]
    public async Task Wait_policy_send_can_be_cancelled_and_the_message_is_not_sent()
    {
        await using var harness = new OutboundHarness(o => o.OutboundQueue.MaxQueuedMessages = 1);
        await harness.SendFirstAndStallAsync();
        using var cts = new CancellationTokenSource();
        var waiting = harness.SendAsync("cancelled", cancellationToken: cts.Token).AsTask();
        cts.Cancel();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waiting.WaitAsync(FrameReader.DefaultTimeout));
        var after = harness.SendAsync("after").AsTask();
        Assert.Equal(new[] { Frame("first"), Frame("after") }, await harness.ReadAsync(2));
        await after.WaitAsync(FrameReader.DefaultTimeout);
        Assert.Empty(harness.CloseReasons);
    }

    [Fact]
    public async Task Fan_out_never_waits_a_full_queue_with_Wait_policy_closes_the_connection()
    {
        await using var harness = new OutboundHarness(o => o.OutboundQueue.MaxQueuedMessages = 2);
        await harness.SendFirstAndStallAsync();
        Assert.True(harness.Outbound.TryWriteFanOut(new SerializedHubMessage(new InvocationMessage("b1", [])), null));
        Assert.False(harness.Outbound.TryWriteFanOut(new SerializedHubMessage(new InvocationMessage("b2", [])), null));

        var reason = Assert.Single(harness.CloseReasons);
        Assert.Contains("cannot wait", reason);
    }

    [Fact]
    public async Task The_slow_consumer_callback_runs_once_and_later_sends_are_discarded()
    {
        await using var harness = new OutboundHarness(o =>
        {
            o.OutboundQueue.Policy = SlowConsumerPolicy.Disconnect;
            o.OutboundQueue.MaxQueuedMessages = 1;
        });
        await harness.SendFirstAndStallAsync();
        for (var i = 0; i < 10; i++)
        {
            await harness.SendAsync($"x{i}");
            harness.Outbound.TryWriteFanOut(new SerializedHubMessage(new InvocationMessage("y", [])), null);
        }

        Assert.Single(harness.CloseReasons);
        Assert.Equal(1, harness.Outbound.QueuedMessages);
    }

    [Fact]
    public async Task Serialization_errors_reach_the_caller_and_the_connection_keeps_working()
    {
        await using var harness = new OutboundHarness(stalledReader: false);
        await Assert.ThrowsAsync<InvalidOperationException>(
            () => harness.Outbound.WriteAsync(new InvocationMessage("bad", [new TestTextProtocol.Unserializable()]), null, default).AsTask());
        await harness.SendAsync("good");

        Assert.Equal(new[] { Frame("good") }, await harness.ReadAsync(1));
    }

    [Fact]
    public async Task CompleteAsync_drains_the_queue_then_writes_the_close_message_last()
    {
        await using var harness = new OutboundHarness();
        await harness.SendFirstAndStallAsync();
        await harness.SendAsync("a");
        await harness.SendAsync("b");

        var completing = harness.Outbound.CompleteAsync(new CloseMessage("bye"), default);
        await harness.SendAsync("too-late");

        var frames = await harness.ReadAsync(4);
        await completing.WaitAsync(FrameReader.DefaultTimeout);
        Assert.Equal(new[] { Frame("first"), Frame("a"), Frame("b"), "7|bye" }, frames);
        Assert.Empty(await FrameReader.ReadAvailableFramesAsync(harness.Reader, TimeSpan.FromMilliseconds(100)));
    }

    [Fact]
    public async Task CompleteAsync_gives_up_on_a_stalled_transport_when_cancelled()
    {
        await using var harness = new OutboundHarness();
        await harness.SendFirstAndStallAsync();
        await harness.SendAsync("a");
        using var cts = new CancellationTokenSource(TimeSpan.FromMilliseconds(100));

        await harness.Outbound.CompleteAsync(new CloseMessage("bye"), cts.Token).WaitAsync(FrameReader.DefaultTimeout);

        Assert.Equal(0, harness.Outbound.QueuedMessages);
    }

    [Fact]
    public async Task After_a_slow_consumer_close_CompleteAsync_writes_the_close_message_without_the_discarded_queue()
    {
        await using var harness = new OutboundHarness(o =>
        {
            o.OutboundQueue.Policy = SlowConsumerPolicy.Disconnect;
            o.OutboundQueue.MaxQueuedMessages = 2;
        });
        await harness.SendFirstAndStallAsync();
        await harness.SendAsync("a");
        await harness.SendAsync("b");
        var reason = Assert.Single(harness.CloseReasons);

        var completing = harness.Outbound.CompleteAsync(new CloseMessage(reason), default);
        var frames = await harness.ReadAsync(2);
        await completing.WaitAsync(FrameReader.DefaultTimeout);

        Assert.Equal(new[] { Frame("first"), "7|" + reason }, frames);
    }

    [Fact]
    public async Task DisposeAsync_releases_senders_waiting_for_room()
    {
        var harness = new OutboundHarness(o => o.OutboundQueue.MaxQueuedMessages = 1);
        await harness.SendFirstAndStallAsync();
        var waiting = harness.SendAsync("waiting").AsTask();

        await harness.DisposeAsync();

        await waiting.WaitAsync(FrameReader.DefaultTimeout);
        Assert.Equal(0, harness.Outbound.QueuedMessages);
    }

    [Fact]
    public async Task Pings_are_dropped_rather_than_closing_a_full_connection()
    {
        await using var harness = new OutboundHarness(o =>
        {
            o.OutboundQueue.Policy = SlowConsumerPolicy.Disconnect;
            o.OutboundQueue.MaxQueuedMessages = 2;
        });
        await harness.SendFirstAndStallAsync();
        await harness.SendAsync("a");
        await harness.Outbound.WriteAsync(PingMessage.Instance, null, default);

        Assert.Empty(harness.CloseReasons);
        Assert.Equal(1, harness.Outbound.DroppedMessages);
    }

    [Theory]
    [InlineData("messages", "MaxQueuedMessages must be positive")]
    [InlineData("bytes", "MaxQueuedBytes must be positive")]
    [InlineData("negative wait", "MaxWait must be between zero and 24 days")]
    [InlineData("huge wait", "MaxWait must be between zero and 24 days")]
    [InlineData("replay", "StatefulReconnectBufferSize must be positive")]
    public void Invalid_queue_options_are_rejected_with_a_clear_error(string setting, string message)
    {
        var options = new HubFramework.Server.Hubs.HubOptions();
        switch (setting)
        {
            case "messages": options.OutboundQueue.MaxQueuedMessages = 0; break;
            case "bytes": options.OutboundQueue.MaxQueuedBytes = -1; break;
            case "negative wait": options.OutboundQueue.MaxWait = TimeSpan.FromSeconds(-1); break;
            case "huge wait": options.OutboundQueue.MaxWait = TimeSpan.FromDays(100); break;
            default: options.StatefulReconnectBufferSize = 0; break;
        }

        var pipe = new System.IO.Pipelines.Pipe();
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => new ConnectionOutbound(
            pipe.Writer, TestTextProtocol.Instance, options, statefulReconnect: true, _ => { }, Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance));
        Assert.Contains(message, error.Message);
    }

    internal static async Task WaitUntilAsync(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow + FrameReader.DefaultTimeout;
        while (!condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException("The condition did not become true in time.");
            }

            await Task.Delay(5);
        }
    }
}
