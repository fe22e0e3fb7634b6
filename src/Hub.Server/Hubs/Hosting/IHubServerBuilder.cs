using Microsoft.Extensions.DependencyInjection;

namespace HubFramework.Server.Hubs;

/// <summary>Returned by <c>AddHubs</c>, to configure hubs further (per-hub options, protocols).</summary>
public interface IHubServerBuilder
{
    /// <summary>The application's services.</summary>
    IServiceCollection Services { get; }
}
