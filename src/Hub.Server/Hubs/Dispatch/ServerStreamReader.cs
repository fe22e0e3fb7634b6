using System.Reflection;
using System.Threading.Channels;

namespace HubFramework.Server.Hubs.Dispatch;

/// <summary>
/// Reads the stream a streaming hub method returned (IAsyncEnumerable or ChannelReader of some T) as boxed items.
/// One instance per streaming method, with its generic type closed at start-up.
/// </summary>
internal abstract class ServerStreamReader
{
    private static readonly MethodInfo CreateGeneric =
        typeof(ServerStreamReader).GetMethod(nameof(Create), BindingFlags.NonPublic | BindingFlags.Static)!;

    /// <summary>The type of the items.</summary>
    public abstract Type ItemType { get; }

    /// <summary>Reads <paramref name="stream"/> until it ends or <paramref name="cancellationToken"/> is cancelled.</summary>
    public abstract IAsyncEnumerable<object?> ReadAllAsync(object stream, CancellationToken cancellationToken);

    /// <summary>
    /// A reader when <paramref name="resultType"/> (the method's return type, with Task/ValueTask already unwrapped) is a stream,
    /// else null.
    /// </summary>
    public static ServerStreamReader? TryCreate(Type resultType)
    {
        var itemType = FindItemType(resultType, typeof(ChannelReader<>), isInterface: false)
            ?? FindItemType(resultType, typeof(IAsyncEnumerable<>), isInterface: true);
        if (itemType is null)
        {
            return null;
        }

        return CreateGeneric.MakeGenericMethod(itemType).CreateDelegate<Func<ServerStreamReader>>()();
    }

    private static Type? FindItemType(Type type, Type definition, bool isInterface)
    {
        if (isInterface)
        {
            if (type.IsGenericType && type.GetGenericTypeDefinition() == definition)
            {
                return type.GetGenericArguments()[0];
            }

            return type.GetInterfaces().FirstOrDefault(i => i.IsGenericType && i.GetGenericTypeDefinition() == definition)?.GetGenericArguments()[0];
        }

        for (var current = type; current is not null; current = current.BaseType)
        {
            if (current.IsGenericType && current.GetGenericTypeDefinition() == definition)
            {
                return current.GetGenericArguments()[0];
            }
        }

        return null;
    }

    private static ServerStreamReader Create<T>() => new ServerStreamReader<T>();
}
