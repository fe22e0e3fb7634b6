using HubFramework.Server.Backplane.Nats;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace HubFramework.Server.Hubs;

/// <summary>Registers the NATS backplane.</summary>
public static class NatsBackplaneServiceCollectionExtensions
{
    /// <summary>
    /// Makes every node that uses the same NATS server and <see cref="NatsBackplaneOptions.SubjectPrefix"/> act as one:
    /// sends, groups, users and client results reach connections on any node.
    /// </summary>
    /// <param name="builder">The builder <c>AddHubs</c> returned.</param>
    /// <param name="configure">The backplane's options.</param>
    public static IHubServerBuilder AddNatsBackplane(this IHubServerBuilder builder, Action<NatsBackplaneOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        if (configure is not null)
        {
            services.Configure(configure);
        }
        else
        {
            services.AddOptions<NatsBackplaneOptions>();
        }

        services.TryAddSingleton<NatsBackplaneConnection>();
        services.AddHostedService(static sp => sp.GetRequiredService<NatsBackplaneConnection>());
        Backplane.Nats.Rooms.NatsRoomRegistration.AddNatsRooms(services);
        services.AddNatsRequestRelay();
        services.TryAddSingleton<NatsBackplaneMetrics>();
        services.TryAddSingleton<NatsBackplane>();
        services.AddHostedService(static sp => sp.GetRequiredService<NatsBackplane>());
        services.TryAddSingleton<Backplane.IBackplanePeerDirectory>(static sp => sp.GetRequiredService<NatsBackplane>());

        // Replaces the in-memory managers (one per namespace), which each NATS manager wraps for its own node's connections.
        services.RemoveAll(typeof(IHubLifetimeManagerFactory<>));
        services.AddSingleton(typeof(IHubLifetimeManagerFactory<>), typeof(NatsHubLifetimeManagerFactory<>));
        return builder;
    }
}
