using Microsoft.Extensions.DependencyInjection;

namespace HubFramework.Client;

/// <summary>Configures and creates a <see cref="HubConnection"/>; extension methods add the settings.</summary>
public interface IHubConnectionBuilder
{
    /// <summary>The services the connection is built from (options, protocol, retry policy, logging).</summary>
    IServiceCollection Services { get; }

    /// <summary>Creates the connection (not started). Can be called once.</summary>
    HubConnection Build();
}
