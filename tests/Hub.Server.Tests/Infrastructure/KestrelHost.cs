using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace HubFramework.Server.Tests.Infrastructure;

/// <summary>
/// A real Kestrel server on a free loopback port, for tests that must speak real HTTP and WebSockets.
/// Dispose it to stop the server (bounded: a test never hangs on shutdown).
/// </summary>
public sealed class KestrelHost : IAsyncDisposable
{
    private static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(5);

    private readonly WebApplication _app;
    private int _disposed;

    private KestrelHost(WebApplication app, Uri baseUri)
    {
        _app = app;
        BaseUri = baseUri;
    }

    /// <summary>The bound address, with a trailing slash (e.g. http://127.0.0.1:53211/).</summary>
    public Uri BaseUri { get; }

    /// <summary>The application's services (to resolve singletons in assertions).</summary>
    public IServiceProvider Services => _app.Services;

    /// <summary>The running application (to reach its lifetime, for example).</summary>
    public WebApplication App => _app;

    /// <summary>Builds an absolute URI for <paramref name="relative"/> (leading slash optional).</summary>
    public Uri Url(string relative) => new(BaseUri, relative.TrimStart('/'));

    /// <summary>A ws:// URI for <paramref name="relative"/>.</summary>
    public Uri WebSocketUrl(string relative)
    {
        var builder = new UriBuilder(Url(relative)) { Scheme = "ws" };
        return builder.Uri;
    }

    /// <summary>Starts a WebApplication on http://127.0.0.1:0 with the given service and pipeline configuration.</summary>
    public static async Task<KestrelHost> StartAsync(
        Action<IServiceCollection>? configureServices,
        Action<WebApplication> configure,
        Action<WebApplicationBuilder>? configureBuilder = null,
        CancellationToken cancellationToken = default)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions
        {
            EnvironmentName = "Development",
        });
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.WebHost.UseShutdownTimeout(StopTimeout);
        builder.Logging.ClearProviders();
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        configureServices?.Invoke(builder.Services);
        configureBuilder?.Invoke(builder);

        var app = builder.Build();
        configure(app);
        await app.StartAsync(cancellationToken).ConfigureAwait(false);

        var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()
            ?? throw new InvalidOperationException("Kestrel exposed no addresses.");
        var address = addresses.Addresses.First();
        return new KestrelHost(app, new Uri(address.TrimEnd('/') + "/"));
    }

    /// <summary>Starts a host whose pipeline is just <paramref name="configure"/> (services optional).</summary>
    public static Task<KestrelHost> StartAsync(Action<WebApplication> configure, CancellationToken cancellationToken = default)
        => StartAsync(null, configure, null, cancellationToken);

    /// <summary>Stops the server (bounded by a timeout) without disposing it.</summary>
    public async Task StopAsync()
    {
        using var cts = new CancellationTokenSource(StopTimeout);
        await _app.StopAsync(cts.Token).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        try
        {
            await StopAsync().ConfigureAwait(false);
        }
        finally
        {
            await _app.DisposeAsync().ConfigureAwait(false);
        }
    }
}
