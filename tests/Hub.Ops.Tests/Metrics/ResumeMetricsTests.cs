using HubFramework.Client;
using HubFramework.Ops.Tests.Infrastructure;
using HubFramework.Protocol;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using System.Diagnostics.Metrics;

namespace HubFramework.Ops.Tests.Metrics;

/// <summary>A dropped WebSocket resumed by stateful reconnect moves the resume figures, not the connection figures.</summary>
public class ResumeMetricsTests
{
    [Fact]
    public async Task StatefulResumeIsCountedOnServerAndClient()
    {
        await using var app = await OpsServer.StartAsync();
        var factory = app.Services.GetRequiredService<IMeterFactory>();
        using var reconnects = new MetricCollector<long>(factory, "HubFramework.Server.Connections", "hubframework.connections.reconnects");
        using var active = new MetricCollector<long>(factory, "HubFramework.Server.Conventions", "signalr.server.active_connections");
        using var serverResumes = new MetricCollector<long>(null, "HubFramework.Server.Hubs", "hubframework.hub.stateful_resumes");
        using var clientResumes = new MetricCollector<long>(null, "HubFramework.Client", "hubframework.client.stateful_resumes");
        await using var proxy = new TcpProxy(app.BaseUrl);
        await using var connection = new HubConnectionBuilder()
            .WithUrl(proxy.Url(OpsServer.HubPath), HttpTransportType.WebSockets, null)
            .WithStatefulReconnect()
            .WithAutomaticReconnect([TimeSpan.Zero])
            .Build();
        await Wait.For(connection.StartAsync());
        Assert.Equal("before", await Wait.For(connection.InvokeAsync<string>("Echo", "before")));

        Assert.True(proxy.DropAll() > 0);
        await Wait.For(reconnects.WaitForMeasurementsAsync(1), TimeSpan.FromSeconds(20));
        Assert.Equal("after", await Wait.For(connection.InvokeAsync<string>("Echo", "after"), TimeSpan.FromSeconds(20)));

        await Wait.UntilAsync(() => serverResumes.GetMeasurementSnapshot().Count > 0, "the server counted the resume");
        await Wait.UntilAsync(() => clientResumes.GetMeasurementSnapshot().Count > 0, "the client counted the resume");
        Assert.Single(reconnects.GetMeasurementSnapshot());
        // Still the same one connection on the server.
        Assert.Equal(1, active.GetMeasurementSnapshot().Sum(m => m.Value));
    }
}
