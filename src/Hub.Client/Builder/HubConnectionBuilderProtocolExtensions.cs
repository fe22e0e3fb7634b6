using HubFramework.Protocol;
using HubFramework.Protocol.Json;
using HubFramework.Protocol.MessagePack;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace HubFramework.Client;

/// <summary>Which hub protocol the connection speaks (JSON unless told otherwise).</summary>
public static class HubConnectionBuilderProtocolExtensions
{
    /// <summary>Uses the JSON hub protocol, with its payload serializer settings adjusted by <paramref name="configure"/>.</summary>
    public static IHubConnectionBuilder AddJsonProtocol(this IHubConnectionBuilder builder, Action<JsonHubProtocolOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var options = new JsonHubProtocolOptions();
        configure?.Invoke(options);
        return builder.UseProtocol(new JsonHubProtocol(options));
    }

    /// <summary>
    /// Uses the MessagePack hub protocol (binary: Server-Sent Events is then skipped, since it carries only text).
    /// </summary>
    public static IHubConnectionBuilder AddMessagePackProtocol(this IHubConnectionBuilder builder, Action<MessagePackHubProtocolOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var options = new MessagePackHubProtocolOptions();
        configure?.Invoke(options);
        return builder.UseProtocol(new MessagePackHubProtocol(options));
    }

    /// <summary>Uses <paramref name="protocol"/> (replacing any protocol added before).</summary>
    public static IHubConnectionBuilder UseProtocol(this IHubConnectionBuilder builder, IHubProtocol protocol)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(protocol);
        builder.Services.Replace(ServiceDescriptor.Singleton(protocol));
        return builder;
    }
}
