using HubFramework.Protocol;
using HubFramework.Protocol.Json;
using HubFramework.Protocol.MessagePack;
using HubFramework.Server.Connections;
using HubFramework.Server.Hubs.Diagnostics;
using HubFramework.Server.Hubs.Hosting;
using HubFramework.Server.Hubs.Namespaces;
using HubFramework.Server.Hubs.Rooms;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace HubFramework.Server.Hubs;

/// <summary>Registers the hub layer.</summary>
public static class HubServiceCollectionExtensions
{
    /// <summary>
    /// Adds hubs: the connection layer, the JSON and MessagePack hub protocols, the in-memory lifetime manager (one per namespace) and room store,
    /// <see cref="IHubContext{THub}"/>, the default <see cref="IUserIdProvider"/>, authorization and metrics.
    /// </summary>
    /// <param name="services">The application's services.</param>
    /// <param name="configure">Options for every hub (a hub's own options start from these).</param>
    public static IHubServerBuilder AddHubs(this IServiceCollection services, Action<HubOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddClientConnections();
        services.AddOptions();
        services.AddMetrics();
        // The full registration, not the core one: WebApplication adds UseAuthorization by itself once it sees
        // IAuthorizationService, and that middleware insists on the marker only AddAuthorization() registers.
        services.AddAuthorization();

        services.TryAddSingleton<HubMetrics>();
        services.TryAddSingleton(static sp => new RoomsMetrics(sp.GetService<System.Diagnostics.Metrics.IMeterFactory>()));
        services.TryAddSingleton<IUserIdProvider, DefaultUserIdProvider>();
        services.AddOptions<JsonHubProtocolOptions>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHubProtocol, JsonHubProtocol>(
            static sp => new JsonHubProtocol(sp.GetRequiredService<IOptions<JsonHubProtocolOptions>>().Value)));
        services.AddOptions<MessagePackHubProtocolOptions>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHubProtocol, MessagePackHubProtocol>(
            static sp => new MessagePackHubProtocol(sp.GetRequiredService<IOptions<MessagePackHubProtocolOptions>>().Value)));
        services.TryAddSingleton(typeof(IHubLifetimeManagerFactory<>), typeof(DefaultHubLifetimeManagerFactory<>));
        services.TryAddSingleton<IRoomStoreFactory, InMemoryRoomStoreFactory>();
        services.TryAddSingleton(typeof(HubNamespaceRegistry<>));
        services.TryAddSingleton<Multiplexing.MultiplexTargetResolver>();
        services.TryAddSingleton(typeof(IHubContext<>), typeof(HubContext<>));
        services.TryAddSingleton(typeof(IHubContext<,>), typeof(HubContext<,>));
        services.TryAddSingleton(typeof(HubConnectionHandler<>));

        if (configure is not null)
        {
            services.Configure(configure);
        }

        return new HubServerBuilder(services);
    }

    /// <summary>Options for hub <typeparamref name="THub"/> only; they start as a copy of the global hub options.</summary>
    public static IHubServerBuilder AddHubOptions<THub>(this IHubServerBuilder builder, Action<HubOptions<THub>> configure)
        where THub : Hub
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(configure);
        builder.Services.TryAddEnumerable(ServiceDescriptor.Transient<IConfigureOptions<HubOptions<THub>>, HubOptionsSetup<THub>>());
        builder.Services.Configure(configure);
        return builder;
    }

    /// <summary>Configures the JSON hub protocol's payload serialization.</summary>
    public static IHubServerBuilder AddJsonProtocol(this IHubServerBuilder builder, Action<JsonHubProtocolOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(configure);
        builder.Services.Configure(configure);
        return builder;
    }

    /// <summary>Configures the MessagePack hub protocol's payload serialization.</summary>
    public static IHubServerBuilder AddMessagePackProtocol(this IHubServerBuilder builder, Action<MessagePackHubProtocolOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(configure);
        builder.Services.Configure(configure);
        return builder;
    }
}
