using HubFramework.Protocol;
using HubFramework.Protocol.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace HubFramework.Client;

/// <summary>
/// Builds a <see cref="HubConnection"/>:
/// <c>new HubConnectionBuilder().WithUrl(url).WithAutomaticReconnect().Build()</c>.
/// </summary>
public sealed class HubConnectionBuilder : IHubConnectionBuilder
{
    private bool _built;

    /// <summary>Creates a builder with logging and options registered and the JSON protocol as default.</summary>
    public HubConnectionBuilder()
    {
        Services = new ServiceCollection();
        Services.AddLogging();
        Services.AddOptions();
    }

    /// <inheritdoc />
    public IServiceCollection Services { get; }

    /// <inheritdoc />
    /// <exception cref="InvalidOperationException">No URL was configured, or Build was already called.</exception>
    public HubConnection Build()
    {
        if (_built)
        {
            throw new InvalidOperationException("A HubConnectionBuilder builds a single HubConnection; create another builder for another connection.");
        }

        _built = true;
        var services = Services.BuildServiceProvider();
        try
        {
            var httpOptions = services.GetRequiredService<IOptions<HttpConnectionOptions>>().Value;
            if (httpOptions.Url is null)
            {
                throw new InvalidOperationException("No URL was configured: call WithUrl(...) before Build().");
            }

            return new HubConnection(
                httpOptions,
                services.GetRequiredService<IOptions<HubConnectionOptions>>().Value,
                services.GetService<IHubProtocol>() ?? new JsonHubProtocol(),
                services.GetRequiredService<ILoggerFactory>(),
                services.GetService<IRetryPolicy>(),
                services);
        }
        catch
        {
            services.Dispose();
            throw;
        }
    }
}
