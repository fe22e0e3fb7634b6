using System.Runtime.CompilerServices;
using System.Threading.Channels;

namespace HubFramework.Server.Hubs.Dispatch;

/// <summary>A <see cref="ServerStreamReader"/> for <typeparamref name="T"/> items.</summary>
internal sealed class ServerStreamReader<T> : ServerStreamReader
{
    public override Type ItemType => typeof(T);

    public override IAsyncEnumerable<object?> ReadAllAsync(object stream, CancellationToken cancellationToken) => stream switch
    {
        ChannelReader<T> reader => ReadChannelAsync(reader, cancellationToken),
        IAsyncEnumerable<T> enumerable => ReadEnumerableAsync(enumerable, cancellationToken),
        null => throw new InvalidOperationException("The hub method returned a null stream."),
        _ => throw new InvalidOperationException($"The hub method returned a {stream.GetType().Name}, not a stream of {typeof(T).Name}."),
    };

    private static async IAsyncEnumerable<object?> ReadChannelAsync(ChannelReader<T> reader, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        while (await reader.WaitToReadAsync(cancellationToken).ConfigureAwait(false))
        {
            while (reader.TryRead(out var item))
            {
                yield return item;
            }
        }
    }

    private static async IAsyncEnumerable<object?> ReadEnumerableAsync(IAsyncEnumerable<T> enumerable, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await foreach (var item in enumerable.WithCancellation(cancellationToken).ConfigureAwait(false))
        {
            yield return item;
        }
    }
}
