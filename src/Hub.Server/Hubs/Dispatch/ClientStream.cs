namespace HubFramework.Server.Hubs.Dispatch;

/// <summary>
/// One client-to-server stream: StreamItem messages with its id are written in by the receive loop and read by the
/// hub method through its parameter (a ChannelReader or an IAsyncEnumerable). Bounded: a full buffer makes the
/// receive loop wait, which pushes back on the client.
/// </summary>
internal abstract class ClientStream
{
    /// <summary>The type stream items are bound to.</summary>
    public abstract Type ItemType { get; }

    /// <summary>The value passed to the hub method's parameter.</summary>
    public abstract object Parameter { get; }

    /// <summary>Adds an item; waits while the buffer is full.</summary>
    /// <exception cref="InvalidCastException">The item does not fit the stream's item type.</exception>
    public abstract ValueTask WriteAsync(object? item, CancellationToken cancellationToken);

    /// <summary>Ends the stream; with <paramref name="error"/> the reader sees that error after the buffered items.</summary>
    public abstract void Complete(Exception? error = null);
}
