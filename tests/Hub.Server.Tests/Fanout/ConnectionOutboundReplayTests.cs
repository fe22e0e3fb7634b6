using HubFramework.Protocol;
using HubFramework.Server.Hubs.Outbound;

namespace HubFramework.Server.Tests.Fanout;

/// <summary>Stateful reconnect: sequence ids, acknowledgements, the replay buffer and its limit.</summary>
public class ConnectionOutboundReplayTests
{
    private static string Frame(string target) => $"1||{target}|";

    [Fact]
    public async Task A_reconnect_writes_Sequence_of_the_first_unacknowledged_message_then_replays_then_continues()
    {
        await using var harness = new OutboundHarness(stateful: true, stalledReader: false);
        await harness.SendAsync("m1");
        await harness.SendAsync("m2");
        await harness.Outbound.WriteAsync(PingMessage.Instance, null, default);
        await harness.SendAsync("m3");
        Assert.Equal(new[] { Frame("m1"), Frame("m2"), "6", Frame("m3") }, await harness.ReadAsync(4));

        harness.Outbound.Acknowledge(1);
        var next = OutboundHarness.NewPipe(stalledReader: false);
        await harness.Outbound.ReconnectAsync(next.Writer).WaitAsync(FrameReader.DefaultTimeout);
        await harness.SendAsync("m4");

        // Pings are not sequenced, so they are not replayed; m2 is the first unacknowledged message.
        Assert.Equal(new[] { "9|2", Frame("m2"), Frame("m3"), Frame("m4") }, await FrameReader.ReadFramesAsync(next.Reader, 4));
    }

    [Fact]
    public async Task A_reconnect_with_everything_acknowledged_announces_the_next_sequence_id()
    {
        await using var harness = new OutboundHarness(stateful: true, stalledReader: false);
        await harness.SendAsync("m1");
        await harness.SendAsync("m2");
        await harness.ReadAsync(2);
        harness.Outbound.Acknowledge(2);

        var next = OutboundHarness.NewPipe(stalledReader: false);
        await harness.Outbound.ReconnectAsync(next.Writer).WaitAsync(FrameReader.DefaultTimeout);

        Assert.Equal(new[] { "9|3" }, await FrameReader.ReadFramesAsync(next.Reader, 1));
    }

    [Fact]
    public async Task Messages_queued_while_disconnected_follow_the_replay()
    {
        await using var harness = new OutboundHarness(stateful: true, stalledReader: false);
        await harness.SendAsync("m1");
        await harness.ReadAsync(1);

        // The transport goes away: the sender notices on its next flush and waits for a new one.
        harness.Reader.Complete();
        await harness.SendAsync("m2");
        await ConnectionOutboundTests.WaitUntilAsync(() => harness.Outbound.QueuedMessages == 0);
        await harness.SendAsync("m3");

        var next = OutboundHarness.NewPipe(stalledReader: false);
        await harness.Outbound.ReconnectAsync(next.Writer).WaitAsync(FrameReader.DefaultTimeout);

        Assert.Equal(new[] { "9|1", Frame("m1"), Frame("m2"), Frame("m3") }, await FrameReader.ReadFramesAsync(next.Reader, 4));
    }

    [Fact]
    public async Task A_reconnect_releases_a_sender_stuck_on_the_old_transport()
    {
        await using var harness = new OutboundHarness(stateful: true);
        await harness.SendFirstAndStallAsync("m1");
        await harness.SendAsync("m2");

        var next = OutboundHarness.NewPipe(stalledReader: false);
        await harness.Outbound.ReconnectAsync(next.Writer).WaitAsync(FrameReader.DefaultTimeout);

        Assert.Equal(new[] { "9|1", Frame("m1"), Frame("m2") }, await FrameReader.ReadFramesAsync(next.Reader, 3));
    }

    [Fact]
    public async Task A_full_replay_buffer_holds_new_messages_until_the_client_acknowledges()
    {
        var frameBytes = Frame("m1").Length + 1;
        await using var harness = new OutboundHarness(o => o.StatefulReconnectBufferSize = frameBytes * 2, stateful: true, stalledReader: false);
        await harness.SendAsync("m1");
        await harness.SendAsync("m2");
        await harness.SendAsync("m3");

        Assert.Equal(new[] { Frame("m1"), Frame("m2") }, await harness.ReadAsync(2));
        Assert.Empty(await FrameReader.ReadAvailableFramesAsync(harness.Reader, TimeSpan.FromMilliseconds(100)));
        Assert.Equal(1, harness.Outbound.QueuedMessages);

        harness.Outbound.Acknowledge(1);
        Assert.Equal(new[] { Frame("m3") }, await harness.ReadAsync(1));
        Assert.Empty(harness.CloseReasons);
    }

    [Fact]
    public async Task Acknowledged_messages_are_not_replayed()
    {
        await using var harness = new OutboundHarness(stateful: true, stalledReader: false);
        for (var i = 1; i <= 5; i++)
        {
            await harness.SendAsync($"m{i}");
        }

        await harness.ReadAsync(5);
        harness.Outbound.Acknowledge(3);
        harness.Outbound.Acknowledge(2);

        var next = OutboundHarness.NewPipe(stalledReader: false);
        await harness.Outbound.ReconnectAsync(next.Writer).WaitAsync(FrameReader.DefaultTimeout);

        Assert.Equal(new[] { "9|4", Frame("m4"), Frame("m5") }, await FrameReader.ReadFramesAsync(next.Reader, 3));
    }

    [Fact]
    public async Task An_acknowledgement_beyond_what_was_sent_is_clamped()
    {
        await using var harness = new OutboundHarness(stateful: true, stalledReader: false);
        await harness.SendAsync("m1");
        await harness.ReadAsync(1);
        harness.Outbound.Acknowledge(1000);
        await harness.SendAsync("m2");
        await harness.ReadAsync(1);

        var next = OutboundHarness.NewPipe(stalledReader: false);
        await harness.Outbound.ReconnectAsync(next.Writer).WaitAsync(FrameReader.DefaultTimeout);

        Assert.Equal(new[] { "9|2", Frame("m2") }, await FrameReader.ReadFramesAsync(next.Reader, 2));
    }

    [Fact]
    public async Task No_acknowledgement_for_MaxWait_with_a_full_replay_buffer_closes_the_connection()
    {
        var frameBytes = Frame("m1").Length + 1;
        await using var harness = new OutboundHarness(o =>
        {
            o.StatefulReconnectBufferSize = frameBytes;
            o.OutboundQueue.MaxWait = TimeSpan.FromMilliseconds(100);
        }, stateful: true, stalledReader: false);
        await harness.SendAsync("m1");
        await harness.SendAsync("m2");

        await ConnectionOutboundTests.WaitUntilAsync(() => !harness.CloseReasons.IsEmpty);
        Assert.Contains("no acknowledgement", Assert.Single(harness.CloseReasons));
    }

    [Fact]
    public async Task A_reconnect_amid_concurrent_sends_loses_and_duplicates_nothing_for_a_deduplicating_client()
    {
        const int senders = 4;
        const int perSender = 400;
        await using var harness = new OutboundHarness(o => o.StatefulReconnectBufferSize = 10_000_000, stateful: true, stalledReader: false);
        var sending = Task.WhenAll(Enumerable.Range(0, senders).Select(s => Task.Run(async () =>
        {
            for (var i = 0; i < perSender; i++)
            {
                var message = new InvocationMessage("m", [s, i]);
                if (i % 2 == 0)
                {
                    await harness.Outbound.WriteAsync(message, null, default);
                }
                else
                {
                    await harness.Outbound.WriteAsync(new SerializedHubMessage(message), null, default);
                }
            }
        })));

        // The client reads part of the stream, acknowledges some of it, then loses the transport (unread frames are lost).
        var delivered = new List<string>();
        long lastSeen = 0;
        foreach (var frame in await harness.ReadAsync(senders * perSender / 3))
        {
            lastSeen++;
            delivered.Add(frame);
        }

        harness.Outbound.Acknowledge(lastSeen / 2);
        var next = OutboundHarness.NewPipe(stalledReader: false);
        await harness.Outbound.ReconnectAsync(next.Writer).WaitAsync(FrameReader.DefaultTimeout);
        await sending.WaitAsync(FrameReader.DefaultTimeout);

        var sequence = Assert.Single(await FrameReader.ReadFramesAsync(next.Reader, 1));
        Assert.StartsWith("9|", sequence);
        var sequenceId = long.Parse(sequence[2..], System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(sequenceId, lastSeen / 2 + 1, lastSeen + 1);
        var replayedAndNew = senders * perSender - (sequenceId - 1);
        foreach (var frame in await FrameReader.ReadFramesAsync(next.Reader, (int)replayedAndNew))
        {
            // What a client does with the Sequence message: skip what it has already processed.
            if (sequenceId++ > lastSeen)
            {
                delivered.Add(frame);
            }
        }

        for (var s = 0; s < senders; s++)
        {
            var mine = delivered.Where(f => f.StartsWith($"1||m|{s};", StringComparison.Ordinal));
            Assert.Equal(Enumerable.Range(0, perSender).Select(i => $"1||m|{s};{i}"), mine);
        }
    }

    [Fact]
    public async Task Reconnect_is_refused_without_stateful_reconnect()
    {
        await using var harness = new OutboundHarness(stalledReader: false);
        var next = OutboundHarness.NewPipe(stalledReader: false);
        var error = Assert.Throws<InvalidOperationException>(() => { _ = harness.Outbound.ReconnectAsync(next.Writer); });
        Assert.Contains("not enabled", error.Message);
    }

    [Fact]
    public async Task Reconnect_after_the_outbound_stopped_fails_clearly()
    {
        var harness = new OutboundHarness(stateful: true, stalledReader: false);
        await harness.DisposeAsync();
        var next = OutboundHarness.NewPipe(stalledReader: false);

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => harness.Outbound.ReconnectAsync(next.Writer));
        Assert.Contains("cannot be reconnected", error.Message);
    }
}
