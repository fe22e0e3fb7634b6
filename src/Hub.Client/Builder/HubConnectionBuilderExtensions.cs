using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;

namespace HubFramework.Client;

/// <summary>Reconnect, keep-alive and logging settings of the builder.</summary>
public static class HubConnectionBuilderExtensions
{
    /// <summary>Reconnects automatically when the connection is lost: at once, then after 2, 10 and 30 seconds, then gives up.</summary>
    public static IHubConnectionBuilder WithAutomaticReconnect(this IHubConnectionBuilder builder) =>
        builder.WithAutomaticReconnect(new FixedDelaysRetryPolicy());

    /// <summary>Reconnects automatically, waiting <paramref name="reconnectDelays"/> before the attempts (one attempt per delay).</summary>
    public static IHubConnectionBuilder WithAutomaticReconnect(this IHubConnectionBuilder builder, TimeSpan[] reconnectDelays) =>
        builder.WithAutomaticReconnect(new FixedDelaysRetryPolicy(reconnectDelays));

    /// <summary>Reconnects automatically as <paramref name="retryPolicy"/> decides.</summary>
    public static IHubConnectionBuilder WithAutomaticReconnect(this IHubConnectionBuilder builder, IRetryPolicy retryPolicy)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(retryPolicy);
        builder.Services.Replace(ServiceDescriptor.Singleton(retryPolicy));
        return builder;
    }

    /// <summary>
    /// Enables stateful reconnect (WebSockets, when the server allows it): a dropped WebSocket is re-established
    /// under the same connection and no message in either direction is lost or duplicated.
    /// </summary>
    public static IHubConnectionBuilder WithStatefulReconnect(this IHubConnectionBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.Configure<HttpConnectionOptions>(o => o.UseStatefulReconnect = true);
        return builder;
    }

    /// <summary>Sets <see cref="HubConnectionOptions.ServerTimeout"/>.</summary>
    public static IHubConnectionBuilder WithServerTimeout(this IHubConnectionBuilder builder, TimeSpan timeout)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(timeout, TimeSpan.Zero);
        return builder.ConfigureConnection(o => o.ServerTimeout = timeout);
    }

    /// <summary>Sets <see cref="HubConnectionOptions.KeepAliveInterval"/>.</summary>
    public static IHubConnectionBuilder WithKeepAliveInterval(this IHubConnectionBuilder builder, TimeSpan interval)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(interval, TimeSpan.Zero);
        return builder.ConfigureConnection(o => o.KeepAliveInterval = interval);
    }

    /// <summary>Adjusts the hub connection's timeouts and limits.</summary>
    public static IHubConnectionBuilder ConfigureConnection(this IHubConnectionBuilder builder, Action<HubConnectionOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(configure);
        builder.Services.Configure(configure);
        return builder;
    }

    /// <summary>Configures logging (providers, levels).</summary>
    public static IHubConnectionBuilder ConfigureLogging(this IHubConnectionBuilder builder, Action<ILoggingBuilder> configure)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(configure);
        builder.Services.AddLogging(configure);
        return builder;
    }
}
