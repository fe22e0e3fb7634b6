using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using NATS.Client.Core;

namespace HubFramework.Server.Backplane.Nats;

/// <summary>
/// Every message the backplane's subscriptions receive, in the order NATS delivered them, handled by one loop:
/// handlers only enqueue on connections (requests are answered off the loop), so one loop keeps up, and order holds
/// across subjects. Bounded: when this node falls behind by <see cref="NatsBackplaneOptions.ReceiveBufferMessages"/>,
/// new messages are dropped and counted rather than stalling NATS.Net's read loop.
/// </summary>
internal sealed class BackplaneInbox : IAsyncDisposable
{
    private readonly Channel<(NatsMsg<byte[]> Message, Action<NatsMsg<byte[]>> Handler)> _queue;
    private readonly NatsBackplaneMetrics _metrics;
    private readonly ILogger _logger;
    private readonly Task _loop;
    private long _dropped;

    public BackplaneInbox(int capacity, NatsBackplaneMetrics metrics, ILogger logger)
    {
        _queue = Channel.CreateBounded<(NatsMsg<byte[]>, Action<NatsMsg<byte[]>>)>(new BoundedChannelOptions(capacity)
        {
            SingleReader = true,
            FullMode = BoundedChannelFullMode.Wait,
        });
        _metrics = metrics;
        _logger = logger;
        _loop = Task.Run(RunAsync);
    }

    public void Post(NatsMsg<byte[]> message, Action<NatsMsg<byte[]>> handler)
    {
        if (!_queue.Writer.TryWrite((message, handler)))
        {
            var dropped = Interlocked.Increment(ref _dropped);
            _metrics.Dropped("slow_subscriber");
            if (dropped == 1 || dropped % 1000 == 0)
            {
                NatsBackplaneLog.SlowSubscriber(_logger, message.Subject, dropped);
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        await _loop.ConfigureAwait(false);
    }

    private async Task RunAsync()
    {
        await foreach (var (message, handler) in _queue.Reader.ReadAllAsync().ConfigureAwait(false))
        {
            try
            {
                handler(message);
            }
            catch (Exception ex)
            {
                NatsBackplaneLog.HandlerFailed(_logger, ex, message.Subject);
            }
        }
    }
}
