using HubFramework.Client;
using HubFramework.Protocol;
using HubFramework.Server.Hubs;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;

namespace HubFramework.Ops.Tests.Infrastructure;

/// <summary>A Kestrel app on a free loopback port serving <see cref="OpsHub"/> at <c>/hubs/ops</c>.</summary>
internal static class OpsServer
{
    public const string HubPath = "/hubs/ops";

    public static Task<KestrelApp> StartAsync(Action<IServiceCollection>? services = null, Action<WebApplication>? configure = null) =>
        KestrelApp.StartAsync(
            s =>
            {
                s.AddHubs();
                s.AddSingleton(TimeProvider.System);
                services?.Invoke(s);
            },
            app =>
            {
                app.MapHub<OpsHub>(HubPath, o => o.AllowStatefulReconnects = true);
                configure?.Invoke(app);
            });

    public static async Task<HubConnection> ConnectAsync(KestrelApp app, HttpTransportType transport = HttpTransportType.WebSockets)
    {
        var connection = new HubConnectionBuilder()
            .WithUrl(app.Url(HubPath), o => o.Transports = transport)
            .Build();
        await Wait.For(connection.StartAsync());
        return connection;
    }
}
