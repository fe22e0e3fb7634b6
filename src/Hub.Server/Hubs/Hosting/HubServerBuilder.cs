using Microsoft.Extensions.DependencyInjection;

namespace HubFramework.Server.Hubs.Hosting;

/// <summary>The <see cref="IHubServerBuilder"/> returned by <c>AddHubs</c>.</summary>
internal sealed class HubServerBuilder : IHubServerBuilder
{
    public HubServerBuilder(IServiceCollection services)
    {
        Services = services;
    }

    public IServiceCollection Services { get; }
}
