using Microsoft.Extensions.Logging;
using NATS.Client.Core;

namespace HubFramework.Server.Backplane.Nats;

/// <summary>
/// One NATS subscription read by one loop, message after message: what one sender published on one subject is
/// handled in the order it was published (handlers only enqueue on connections, they never wait for a socket).
/// NATS.Net restores the subscription by itself after a reconnect.
/// </summary>
internal sealed class BackplaneSubscription : IAsyncDisposable
{
    private readonly INatsSub<byte[]> _subscription;
    private readonly Task _loop;

    private BackplaneSubscription(INatsSub<byte[]> subscription, Action<NatsMsg<byte[]>> handler, ILogger logger)
    {
        _subscription = subscription;
        _loop = Task.Run(() => ReadAsync(handler, logger));
    }

    public string Subject => _subscription.Subject;

    public static async Task<BackplaneSubscription> StartAsync(NatsConnection connection, string subject, int capacity, Action<NatsMsg<byte[]>> handler, ILogger logger, CancellationToken cancellationToken)
    {
        var options = new NatsSubOpts
        {
            ChannelOpts = new NatsSubChannelOpts { Capacity = capacity, FullMode = System.Threading.Channels.BoundedChannelFullMode.DropNewest },
        };
        var subscription = await connection.SubscribeCoreAsync<byte[]>(subject, serializer: NatsRawSerializer<byte[]>.Default, opts: options, cancellationToken: cancellationToken).ConfigureAwait(false);
        return new BackplaneSubscription(subscription, handler, logger);
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await _subscription.DisposeAsync().ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is NatsException or ObjectDisposedException or OperationCanceledException or TimeoutException)
        {
            // Unsubscribing while NATS is away: the server drops the subscription with the connection anyway.
        }

        await _loop.ConfigureAwait(false);
    }

    private async Task ReadAsync(Action<NatsMsg<byte[]>> handler, ILogger logger)
    {
        try
        {
            await foreach (var message in _subscription.Msgs.ReadAllAsync().ConfigureAwait(false))
            {
                try
                {
                    handler(message);
                }
                catch (Exception ex)
                {
                    NatsBackplaneLog.HandlerFailed(logger, ex, message.Subject);
                }
            }
        }
        catch (Exception ex) when (ex is NatsException or OperationCanceledException or ObjectDisposedException)
        {
            // The subscription or the connection ended.
        }
    }
}
