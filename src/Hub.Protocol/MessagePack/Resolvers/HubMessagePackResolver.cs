using MessagePack;
using MessagePack.Formatters;
using MessagePack.Resolvers;

namespace HubFramework.Protocol.MessagePack;

/// <summary>
/// The default resolver of <see cref="MessagePackHubProtocol"/>: Microsoft's SignalR resolver order (enums as their
/// names, then the contractless standard resolver), so values are written as Microsoft writes them; reading differs
/// only in that map keys bind to members case-insensitively (<see cref="CaseInsensitiveKeyResolver"/>), so the
/// JavaScript client's camelCase objects bind to PascalCase .NET members instead of arriving empty.
/// </summary>
public sealed class HubMessagePackResolver : IFormatterResolver
{
    /// <summary>The resolver.</summary>
    public static readonly HubMessagePackResolver Instance = new();

    private static readonly IFormatterResolver[] Resolvers =
    [
        DynamicEnumAsStringResolver.Instance,
        new CaseInsensitiveKeyResolver(ContractlessStandardResolver.Instance),
    ];

    private HubMessagePackResolver()
    {
    }

    /// <inheritdoc />
    public IMessagePackFormatter<T>? GetFormatter<T>() => Cache<T>.Formatter;

    private static class Cache<T>
    {
        public static readonly IMessagePackFormatter<T>? Formatter = Find();

        private static IMessagePackFormatter<T>? Find()
        {
            foreach (var resolver in Resolvers)
            {
                if (resolver.GetFormatter<T>() is { } formatter)
                {
                    return formatter;
                }
            }

            return null;
        }
    }
}
