using HubFramework.Server.Connections.Security;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace HubFramework.Server.Connections;

/// <summary>Registers the connection layer.</summary>
/// <remarks>
/// Named <c>AddClientConnections</c>/<c>MapClientConnections</c> rather than <c>AddConnections</c>/<c>MapConnections</c>:
/// ASP.NET Core's shared framework already defines those names (Microsoft's connection layer), and a call written
/// for ours would silently bind to Microsoft's.
/// </remarks>
public static class ConnectionServiceCollectionExtensions
{
    /// <summary>
    /// Adds the connection layer (registry, disconnect scavenger, shutdown handling, metrics). Safe to call more
    /// than once; each <paramref name="configure"/> is applied.
    /// </summary>
    public static IServiceCollection AddClientConnections(this IServiceCollection services, Action<ClientConnectionsOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddRouting();
        services.AddLogging();
        RedactingLoggerFactory.Decorate(services);
        services.AddMetrics();
        services.AddOptions<ClientConnectionsOptions>();
        services.TryAddSingleton<ConnectionsMetrics>();
        services.TryAddSingleton<ConnectionRegistry>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IConfigureOptions<KestrelServerOptions>, KestrelDescriptorLimitSetup>());
        if (configure is not null)
        {
            services.Configure(configure);
        }

        return services;
    }
}
