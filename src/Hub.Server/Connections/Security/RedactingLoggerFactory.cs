using HubFramework.Protocol;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace HubFramework.Server.Connections.Security;

/// <summary>
/// Wraps the application's logger factory so that no log line of any category (ASP.NET Core's own request logs
/// included, which print whole URLs) carries an access token or a connection token: see <see cref="SecretRedaction"/>.
/// Installed by <c>AddClientConnections</c> unless <see cref="ClientConnectionsOptions.RedactSecretsInLogs"/> is off.
/// </summary>
internal sealed class RedactingLoggerFactory(ILoggerFactory inner) : ILoggerFactory
{
    public ILoggerFactory Inner => inner;

    public ILogger CreateLogger(string categoryName) => new RedactingLogger(inner.CreateLogger(categoryName));

    public void AddProvider(ILoggerProvider provider) => inner.AddProvider(provider);

    public void Dispose() => inner.Dispose();

    /// <summary>Replaces the registered <see cref="ILoggerFactory"/> with one wrapped in this (once).</summary>
    public static void Decorate(IServiceCollection services)
    {
        ServiceDescriptor? registered = null;
        for (var i = services.Count - 1; i >= 0; i--)
        {
            if (services[i].ServiceType == typeof(ILoggerFactory) && !services[i].IsKeyedService)
            {
                registered = services[i];
                break;
            }
        }

        if (registered is null || registered.ImplementationFactory?.Target is Marker)
        {
            return;
        }

        Func<IServiceProvider, ILoggerFactory> createInner = registered switch
        {
            { ImplementationInstance: ILoggerFactory instance } => _ => instance,
            { ImplementationFactory: { } factory } => provider => (ILoggerFactory)factory(provider),
            { ImplementationType: { } type } => RegisterConcrete(services, type),
            _ => throw new InvalidOperationException("The registered ILoggerFactory cannot be wrapped."),
        };

        var marker = new Marker(createInner);
        services.Remove(registered);
        services.Add(ServiceDescriptor.Singleton<ILoggerFactory>(marker.Create));
    }

    private static Func<IServiceProvider, ILoggerFactory> RegisterConcrete(IServiceCollection services, Type type)
    {
        // The container builds it as before (its constructor choice included), under its own type.
        services.Add(ServiceDescriptor.Singleton(type, type));
        return provider => (ILoggerFactory)provider.GetRequiredService(type);
    }

    private sealed class Marker(Func<IServiceProvider, ILoggerFactory> createInner)
    {
        public ILoggerFactory Create(IServiceProvider provider)
        {
            var factory = createInner(provider);
            var options = provider.GetService<Microsoft.Extensions.Options.IOptions<ClientConnectionsOptions>>()?.Value;
            return options is { RedactSecretsInLogs: false } ? factory : new RedactingLoggerFactory(factory);
        }
    }
}
