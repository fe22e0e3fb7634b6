using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using NATS.Client.Core;

namespace HubFramework.Server.Backplane.Nats;

/// <summary>
/// Publishes this node's messages for the other nodes, in order, from one loop. A send only enqueues here, so a hub
/// method never waits for NATS; while NATS is unreachable messages wait in the queue up to a bound (count and
/// bytes), beyond which new ones are dropped with a counted, logged reason. Nothing published twice: a message leaves
/// the queue once NATS.Net has accepted it.
/// </summary>
internal sealed class BackplanePublisher : IAsyncDisposable
{
    private static readonly TimeSpan ReconnectPoll = TimeSpan.FromMilliseconds(25);

    private readonly Channel<Outgoing> _queue = Channel.CreateUnbounded<Outgoing>(new UnboundedChannelOptions { SingleReader = true });
    private readonly NatsConnection _connection;
    private readonly NatsBackplaneOptions _options;
    private readonly NatsBackplaneMetrics _metrics;
    private readonly ILogger _logger;
    private readonly CancellationTokenSource _stopping = new();
    private readonly Task _loop;
    private int _count;
    private long _bytes;
    private long _droppedFull;
    private int _fullEpisode;

    public BackplanePublisher(NatsConnection connection, NatsBackplaneOptions options, NatsBackplaneMetrics metrics, ILogger logger)
    {
        _connection = connection;
        _options = options;
        _metrics = metrics;
        _logger = logger;
        _loop = Task.Run(RunAsync);
    }

    /// <summary>Messages waiting to be published.</summary>
    public int Depth => Volatile.Read(ref _count);

    /// <summary>Bytes waiting to be published.</summary>
    public long DepthBytes => Interlocked.Read(ref _bytes);

    /// <summary>Queues a message; false (counted, logged) when it is too large for NATS or the buffer is full.</summary>
    public bool TryEnqueue(string subject, BackplaneMessageKind kind, byte[] payload)
    {
        if (_connection.ServerInfo is { } info && info.MaxPayload > 0 && payload.Length > info.MaxPayload)
        {
            _metrics.Dropped("too_large");
            NatsBackplaneLog.MessageTooLarge(_logger, subject, payload.Length, info.MaxPayload);
            return false;
        }

        var count = Interlocked.Increment(ref _count);
        var bytes = Interlocked.Add(ref _bytes, payload.Length);
        if (count > _options.OutageBufferMessages || bytes > _options.OutageBufferBytes)
        {
            Interlocked.Decrement(ref _count);
            Interlocked.Add(ref _bytes, -payload.Length);
            var dropped = Interlocked.Increment(ref _droppedFull);
            _metrics.Dropped("outage_buffer_full");

            // One warning per episode of a full buffer, not one per message.
            if (Interlocked.Exchange(ref _fullEpisode, 1) == 0)
            {
                NatsBackplaneLog.OutageBufferFull(_logger, _options.OutageBufferMessages, _options.OutageBufferBytes, dropped);
            }

            return false;
        }

        _queue.Writer.TryWrite(new Outgoing(subject, kind, payload, null));
        return true;
    }

    /// <summary>
    /// Completes once everything queued before this call has been handed to NATS.Net, so that a request sent next
    /// cannot overtake this node's earlier sends.
    /// </summary>
    public Task FlushedAsync()
    {
        var marker = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        if (!_queue.Writer.TryWrite(new Outgoing(string.Empty, BackplaneMessageKind.Send, [], marker)))
        {
            marker.TrySetResult();
        }

        return marker.Task;
    }

    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        await _stopping.CancelAsync().ConfigureAwait(false);
        try
        {
            await _loop.ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
        }

        _stopping.Dispose();
    }

    private async Task RunAsync()
    {
        var reader = _queue.Reader;
        var stopping = _stopping.Token;
        while (await reader.WaitToReadAsync(stopping).ConfigureAwait(false))
        {
            while (reader.TryPeek(out var item))
            {
                if (item.Marker is { } marker)
                {
                    reader.TryRead(out _);
                    marker.TrySetResult();
                    continue;
                }

                while (_connection.ConnectionState != NatsConnectionState.Open)
                {
                    await Task.Delay(ReconnectPoll, stopping).ConfigureAwait(false);
                }

                try
                {
                    await _connection.PublishAsync(item.Subject, item.Payload, cancellationToken: stopping).ConfigureAwait(false);
                    _metrics.Published(item.Kind, item.Payload.Length);
                }
                catch (OperationCanceledException) when (stopping.IsCancellationRequested)
                {
                    throw;
                }
                catch (Exception ex) when (_connection.ConnectionState != NatsConnectionState.Open && ex is NatsException or ObjectDisposedException or TimeoutException)
                {
                    // The connection went away under this publish: keep the message and try again once it is back.
                    continue;
                }
                catch (Exception ex)
                {
                    _metrics.Dropped("publish_failed");
                    NatsBackplaneLog.PublishFailed(_logger, ex, item.Subject);
                }

                reader.TryRead(out _);
                Interlocked.Decrement(ref _count);
                Interlocked.Add(ref _bytes, -item.Payload.Length);
                if (Volatile.Read(ref _fullEpisode) != 0 && Volatile.Read(ref _count) < _options.OutageBufferMessages / 2)
                {
                    Volatile.Write(ref _fullEpisode, 0);
                }
            }
        }
    }

    private readonly record struct Outgoing(string Subject, BackplaneMessageKind Kind, byte[] Payload, TaskCompletionSource? Marker);
}
