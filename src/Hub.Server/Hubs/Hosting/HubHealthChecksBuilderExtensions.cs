using HubFramework.Server.Backplane.Nats;
using HubFramework.Server.Hubs.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace HubFramework.Server.Hubs;

/// <summary>Health checks of the hub server and its backplane, for <c>services.AddHealthChecks()</c>.</summary>
public static class HubHealthChecksBuilderExtensions
{
    /// <summary>
    /// Adds a check that this node accepts hub connections: started, not shutting down, at least one hub mapped.
    /// Its data holds the node id and connection counts per hub. Needs <c>AddHubs()</c>.
    /// </summary>
    /// <param name="builder">The health checks builder.</param>
    /// <param name="name">The check's name.</param>
    /// <param name="failureStatus">What to report when it fails (default <see cref="HealthStatus.Unhealthy"/>).</param>
    /// <param name="tags">Tags to filter checks by (e.g. <c>ready</c>).</param>
    public static IHealthChecksBuilder AddHubServer(this IHealthChecksBuilder builder, string name = "hubs", HealthStatus? failureStatus = null, IEnumerable<string>? tags = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrEmpty(name);
        return builder.Add(new HealthCheckRegistration(name, static sp => ActivatorUtilities.CreateInstance<HubServerHealthCheck>(sp), failureStatus, tags));
    }

    /// <summary>
    /// Adds a check that the NATS backplane carries traffic: its connection is open and the server answers a PING;
    /// with a backplane that tracks peers, the peers seen. Needs <c>AddNatsBackplane()</c>.
    /// </summary>
    /// <param name="builder">The health checks builder.</param>
    /// <param name="name">The check's name.</param>
    /// <param name="configure">Ping timeout and minimum peers.</param>
    /// <param name="failureStatus">What to report when it fails (default <see cref="HealthStatus.Unhealthy"/>).</param>
    /// <param name="tags">Tags to filter checks by (e.g. <c>ready</c>).</param>
    public static IHealthChecksBuilder AddNatsBackplane(
        this IHealthChecksBuilder builder,
        string name = "nats-backplane",
        Action<NatsBackplaneHealthCheckOptions>? configure = null,
        HealthStatus? failureStatus = null,
        IEnumerable<string>? tags = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrEmpty(name);
        var options = builder.Services.AddOptions<NatsBackplaneHealthCheckOptions>();
        if (configure is not null)
        {
            options.Configure(configure);
        }

        options.Validate(o => Valid(o), "Invalid NatsBackplaneHealthCheckOptions.").ValidateOnStart();
        return builder.Add(new HealthCheckRegistration(name, static sp => ActivatorUtilities.CreateInstance<NatsBackplaneHealthCheck>(sp), failureStatus, tags));
    }

    private static bool Valid(NatsBackplaneHealthCheckOptions options)
    {
        try
        {
            options.Validate();
            return true;
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }
}
