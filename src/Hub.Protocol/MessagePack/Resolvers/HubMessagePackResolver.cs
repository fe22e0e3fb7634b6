using MessagePack;
using MessagePack.Formatters;
using MessagePack.Resolvers;

namespace HubFramework.Protocol.MessagePack;

/// <summary>
/// The default resolver of <see cref="MessagePackHubProtocol"/>: Microsoft's SignalR resolver order (enums as their
/// names, then the contractless standard resolver), so values are written as Microsoft writes them; reading differs
/// only in that map keys bind to members case-insensitively (<see cref="CaseInsensitiveKeyResolver"/>), so the
/// JavaScript client's camelCase objects bind to PascalCase .NET members instead of arriving empty. Free-form JSON
/// (<see cref="System.Text.Json.JsonElement"/>) travels as the MessagePack value of the same shape
/// (<see cref="JsonElementFormatter"/>), where Microsoft's resolver has no formatter for it.
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
            if (typeof(T) == typeof(System.Text.Json.JsonElement))
            {
                return (IMessagePackFormatter<T>)(object)JsonElementFormatter.Instance;
            }

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
