using System.Reflection;
using System.Threading.Channels;

namespace HubFramework.Server.Hubs.Dispatch;

/// <summary>Creates the <see cref="ClientStream"/> behind a streaming parameter; the generic type is closed once at start-up.</summary>
internal sealed class ClientStreamFactory
{
    private static readonly MethodInfo CreateGeneric =
        typeof(ClientStreamFactory).GetMethod(nameof(Create), BindingFlags.NonPublic | BindingFlags.Static)!;

    private readonly Func<int, bool, CancellationToken, ClientStream> _create;
    private readonly bool _asAsyncEnumerable;

    private ClientStreamFactory(Type itemType, bool asAsyncEnumerable)
    {
        ItemType = itemType;
        _asAsyncEnumerable = asAsyncEnumerable;
        _create = CreateGeneric.MakeGenericMethod(itemType).CreateDelegate<Func<int, bool, CancellationToken, ClientStream>>();
    }

    public Type ItemType { get; }

    public ClientStream Create(int capacity, CancellationToken cancellationToken) => _create(capacity, _asAsyncEnumerable, cancellationToken);

    /// <summary>A factory when <paramref name="parameterType"/> is a client stream parameter (IAsyncEnumerable or ChannelReader), else null.</summary>
    public static ClientStreamFactory? TryCreate(Type parameterType)
    {
        if (!parameterType.IsGenericType)
        {
            return null;
        }

        var definition = parameterType.GetGenericTypeDefinition();
        if (definition == typeof(IAsyncEnumerable<>))
        {
            return new ClientStreamFactory(parameterType.GetGenericArguments()[0], asAsyncEnumerable: true);
        }

        if (definition == typeof(ChannelReader<>))
        {
            return new ClientStreamFactory(parameterType.GetGenericArguments()[0], asAsyncEnumerable: false);
        }

        return null;
    }

    private static ClientStream Create<T>(int capacity, bool asAsyncEnumerable, CancellationToken cancellationToken)
        => new ClientStream<T>(capacity, asAsyncEnumerable, cancellationToken);
}
