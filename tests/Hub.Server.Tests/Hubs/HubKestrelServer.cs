using HubFramework.Server.Connections;
using HubFramework.Server.Hubs;
using HubFramework.Server.Tests.Infrastructure;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;

namespace HubFramework.Server.Tests.Hubs;

/// <summary>
/// Real Kestrel serving <see cref="TestHub"/> at <c>/hubs/test</c> and <see cref="SecureTestHub"/> at <c>/hubs/secure</c>,
/// with query-token authentication and an "admin" policy.
/// </summary>
internal static class HubKestrelServer
{
    public const string TestPath = "/hubs/test";
    public const string SecurePath = "/hubs/secure";

    public static Task<KestrelHost> StartAsync(Action<HubOptions>? configure = null, Action<ConnectionEndpointOptions>? endpoint = null)
        => KestrelHost.StartAsync(
            services =>
            {
                services.AddSingleton<InvocationLog>();
                services.AddSingleton<GreetingService>();
                services.AddClientConnections(o => o.ShutdownTimeout = TimeSpan.FromSeconds(2));
                services.AddHubs(configure);
                services.AddAuthentication(QueryTokenAuthenticationHandler.SchemeName)
                    .AddScheme<AuthenticationSchemeOptions, QueryTokenAuthenticationHandler>(QueryTokenAuthenticationHandler.SchemeName, null);
                services.AddAuthorization(o => o.AddPolicy("admin", p => p.RequireClaim("role", "admin")));
            },
            app =>
            {
                app.UseAuthentication();
                app.UseAuthorization();
                app.MapHub<TestHub>(TestPath, endpoint);
                app.MapHub<SecureTestHub>(SecurePath, endpoint);
            });

    public static InvocationLog Log(this KestrelHost host) => host.Services.GetRequiredService<InvocationLog>();
}
