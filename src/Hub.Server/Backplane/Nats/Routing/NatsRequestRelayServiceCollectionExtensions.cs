using HubFramework.Server.Connections;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace HubFramework.Server.Backplane.Nats;

/// <summary>Registers request relaying (part of <c>AddNatsBackplane</c>).</summary>
internal static class NatsRequestRelayServiceCollectionExtensions
{
    public static IServiceCollection AddNatsRequestRelay(this IServiceCollection services)
    {
        services.TryAddSingleton<RelayMetrics>();
        services.TryAddSingleton<NatsRequestRelay>();
        services.TryAddSingleton<IConnectionRequestRelay>(static sp => sp.GetRequiredService<NatsRequestRelay>());
        services.AddHostedService(static sp => sp.GetRequiredService<NatsRequestRelay>());
        return services;
    }
}
