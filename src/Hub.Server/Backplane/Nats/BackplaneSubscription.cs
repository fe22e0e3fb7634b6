using System.Buffers;
using NATS.Client.Core;

namespace HubFramework.Server.Backplane.Nats;

/// <summary>
/// One NATS subscription of the backplane. NATS.Net hands it each message from its socket read loop, in the order the
/// server sent them; it copies the payload and queues it on the node's one <see cref="BackplaneInbox"/>, so that all
/// subjects (broadcasts, groups, users, the node's own subject) are handled in a single ordered pipeline: what one
/// sender published, to any of them, is handled in the order it was published. NATS.Net restores the subscription
/// by itself after a reconnect.
/// </summary>
internal sealed class BackplaneSubscription : NatsSubBase
{
    private readonly BackplaneInbox _inbox;
    private readonly Action<NatsMsg<byte[]>> _handler;

    private BackplaneSubscription(NatsConnection connection, string subject, BackplaneInbox inbox, Action<NatsMsg<byte[]>> handler)
        : base(connection, connection.SubscriptionManager, subject, queueGroup: null, opts: null)
    {
        _inbox = inbox;
        _handler = handler;
    }

    public static async Task<BackplaneSubscription> StartAsync(NatsConnection connection, string subject, BackplaneInbox inbox, Action<NatsMsg<byte[]>> handler, CancellationToken cancellationToken)
    {
        var subscription = new BackplaneSubscription(connection, subject, inbox, handler);
        await connection.AddSubAsync(subscription, cancellationToken).ConfigureAwait(false);
        return subscription;
    }

    public override async ValueTask DisposeAsync()
    {
        try
        {
            await base.DisposeAsync().ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is NatsException or ObjectDisposedException or OperationCanceledException or TimeoutException)
        {
            // Unsubscribing while NATS is away: the server drops the subscription with the connection anyway.
        }
    }

    protected override ValueTask ReceiveInternalAsync(string subject, string? replyTo, ReadOnlySequence<byte>? headersBuffer, ReadOnlySequence<byte> payloadBuffer)
    {
        // Runs on NATS.Net's read loop: copy and queue, never wait here (that would stall the whole connection).
        var data = payloadBuffer.ToArray();
        _inbox.Post(new NatsMsg<byte[]>(subject, replyTo, data.Length, null, data, Connection), _handler);
        return ValueTask.CompletedTask;
    }

    protected override void TryComplete()
    {
    }
}
