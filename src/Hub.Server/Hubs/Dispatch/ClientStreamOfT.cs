using System.Threading.Channels;

namespace HubFramework.Server.Hubs.Dispatch;

/// <summary>A <see cref="ClientStream"/> of <typeparamref name="T"/> items.</summary>
internal sealed class ClientStream<T> : ClientStream
{
    private readonly Channel<T> _channel;

    public ClientStream(int capacity, bool asAsyncEnumerable, CancellationToken cancellationToken)
    {
        _channel = Channel.CreateBounded<T>(new BoundedChannelOptions(Math.Max(1, capacity))
        {
            SingleWriter = true,
            FullMode = BoundedChannelFullMode.Wait,
        });
        Parameter = asAsyncEnumerable ? _channel.Reader.ReadAllAsync(cancellationToken) : _channel.Reader;
    }

    public override Type ItemType => typeof(T);

    public override object Parameter { get; }

    public override ValueTask WriteAsync(object? item, CancellationToken cancellationToken)
    {
        if (item is null && default(T) is not null)
        {
            throw new InvalidCastException($"A null item cannot be added to a stream of {typeof(T).Name}.");
        }

        return _channel.Writer.WriteAsync((T)item!, cancellationToken);
    }

    public override void Complete(Exception? error = null) => _channel.Writer.TryComplete(error);
}
