using HubFramework.Client.Internal;
using HubFramework.Protocol;

namespace HubFramework.Client.Tests.Units;

/// <summary>The stateful-reconnect bookkeeping: replay, acknowledgement, bounded size, duplicate detection.</summary>
public sealed class MessageBufferTests
{
    private static readonly HubMessage Trackable = new InvocationMessage("m", []);

    [Fact]
    public void ReplaysUnacknowledgedMessagesFromTheOldestOne()
    {
        var buffer = new MessageBuffer(1000);
        Assert.Equal((1L, 0), (buffer.GetReplay().FirstSequenceId, buffer.GetReplay().Messages.Length));
        buffer.Append(new byte[] { 1 });
        buffer.Append(new byte[] { 2 });
        buffer.Append(new byte[] { 3 });

        buffer.Acknowledge(1);

        var (first, messages) = buffer.GetReplay();
        Assert.Equal(2, first);
        Assert.Equal([2, 3], messages.Select(m => m.Span[0]));
        buffer.Acknowledge(3);
        Assert.Equal((4L, 0), (buffer.GetReplay().FirstSequenceId, buffer.GetReplay().Messages.Length));
        Assert.Equal(0, buffer.BufferedBytes);
    }

    [Fact]
    public async Task SendersWaitWhenFullUntilAnAcknowledgementFreesSpace()
    {
        var buffer = new MessageBuffer(10);
        await buffer.WaitForSpaceAsync(6, CancellationToken.None);
        buffer.Append(new byte[6]);

        var waiting = buffer.WaitForSpaceAsync(6, CancellationToken.None).AsTask();
        await Task.Delay(50);
        Assert.False(waiting.IsCompleted);

        buffer.Acknowledge(1);
        await Wait.For(waiting);

        // A message larger than the whole buffer still goes through once the buffer is empty.
        await Wait.For(buffer.WaitForSpaceAsync(100, CancellationToken.None).AsTask());
    }

    [Fact]
    public async Task ClosingFailsWaitingSenders()
    {
        var buffer = new MessageBuffer(1);
        buffer.Append(new byte[1]);
        var waiting = buffer.WaitForSpaceAsync(1, CancellationToken.None).AsTask();

        buffer.Close(new IOException("gone"));

        var error = await Assert.ThrowsAsync<HubConnectionClosedException>(() => Wait.For(waiting));
        Assert.IsType<IOException>(error.InnerException);
        Assert.Throws<HubConnectionClosedException>(() => buffer.Append(new byte[1]));
    }

    [Fact]
    public void DropsReplayedDuplicatesAndAcknowledgesWhatWasProcessed()
    {
        var buffer = new MessageBuffer(100);
        Assert.True(buffer.ShouldProcess(Trackable));
        Assert.True(buffer.ShouldProcess(Trackable));
        Assert.True(buffer.ShouldProcess(PingMessage.Instance));
        Assert.True(buffer.ShouldProcess(Trackable));
        Assert.True(buffer.TryTakeAcknowledgement(out var acknowledged));
        Assert.Equal(3, acknowledged);
        Assert.False(buffer.TryTakeAcknowledgement(out _));

        // The server resumes from message 2: messages 2 and 3 are duplicates, 4 is new.
        buffer.ResetReceiveSequence(2);
        Assert.False(buffer.ShouldProcess(Trackable));
        Assert.False(buffer.ShouldProcess(Trackable));
        Assert.True(buffer.ShouldProcess(Trackable));
        Assert.True(buffer.TryTakeAcknowledgement(out acknowledged));
        Assert.Equal(4, acknowledged);
    }

    [Fact]
    public void RefusesASequenceThatWouldSkipMessages()
    {
        var buffer = new MessageBuffer(100);
        buffer.ShouldProcess(Trackable);

        var error = Assert.Throws<HubProtocolException>(() => buffer.ResetReceiveSequence(5));
        Assert.Contains("messages were lost", error.Message);
    }
}
