using HubFramework.Server.Connections;
using HubFramework.Server.Hubs.Hosting;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;

namespace HubFramework.Server.Hubs.Diagnostics;

/// <summary>
/// Whether this node accepts hub connections: the application has started, is not shutting down (a draining node
/// reports unhealthy, so a load balancer stops sending it new clients while its connections close) and maps at least
/// one hub. Reports the node id, the hubs and the live connection counts.
/// </summary>
internal sealed class HubServerHealthCheck : IHealthCheck
{
    private readonly IHostApplicationLifetime? _lifetime;
    private readonly ConnectionRegistry _registry;
    private readonly IEnumerable<EndpointDataSource> _endpoints;
    private readonly IServiceProvider _services;

    public HubServerHealthCheck(ConnectionRegistry registry, IEnumerable<EndpointDataSource> endpoints, IServiceProvider services)
    {
        _registry = registry;
        _endpoints = endpoints;
        _services = services;
        _lifetime = services.GetService(typeof(IHostApplicationLifetime)) as IHostApplicationLifetime;
    }

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var failure = context.Registration.FailureStatus;
        var hubs = MappedHubs.Find(_endpoints);
        var data = new Dictionary<string, object>
        {
            ["nodeId"] = _registry.NodeId,
            ["connections"] = _registry.Count,
            ["hubs"] = hubs.Count,
        };
        foreach (var hub in hubs)
        {
            if (_services.GetService(typeof(HubConnectionHandler<>).MakeGenericType(hub.HubType)) is IHubConnectionSource source)
            {
                data["hub:" + hub.Pattern] = source.Connections.Count();
            }
        }

        if (_lifetime is not null && !_lifetime.ApplicationStarted.IsCancellationRequested)
        {
            return Task.FromResult(new HealthCheckResult(failure, "The application has not started yet.", data: data));
        }

        if (_registry.IsStopping || _lifetime?.ApplicationStopping.IsCancellationRequested == true)
        {
            return Task.FromResult(new HealthCheckResult(failure, "The application is shutting down: no new connections.", data: data));
        }

        if (hubs.Count == 0)
        {
            return Task.FromResult(new HealthCheckResult(failure, "No hub is mapped (MapHub).", data: data));
        }

        return Task.FromResult(HealthCheckResult.Healthy($"Accepting connections on {hubs.Count} hub endpoint(s).", data));
    }
}
