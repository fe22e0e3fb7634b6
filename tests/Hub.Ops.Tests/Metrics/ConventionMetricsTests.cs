using HubFramework.Ops.Tests.Infrastructure;
using HubFramework.Protocol;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using System.Diagnostics.Metrics;

namespace HubFramework.Ops.Tests.Metrics;

/// <summary>The instruments of OpenTelemetry's SignalR conventions, on ASP.NET Core's meter name.</summary>
public class ConventionMetricsTests
{
    private const string Meter = "HubFramework.Server.Conventions";

    [Theory]
    [InlineData(HttpTransportType.WebSockets, "web_sockets")]
    [InlineData(HttpTransportType.ServerSentEvents, "server_sent_events")]
    [InlineData(HttpTransportType.LongPolling, "long_polling")]
    public async Task ActiveConnectionsAndDurationMoveWithAConnection(HttpTransportType transport, string transportValue)
    {
        await using var app = await OpsServer.StartAsync();
        var factory = app.Services.GetRequiredService<IMeterFactory>();
        using var active = new MetricCollector<long>(factory, Meter, "signalr.server.active_connections");
        using var duration = new MetricCollector<double>(factory, Meter, "signalr.server.connection.duration");

        var connection = await OpsServer.ConnectAsync(app, transport);
        await Wait.UntilAsync(() => Sum(active) == 1, "one active connection");
        var up = Assert.Single(active.GetMeasurementSnapshot());
        Assert.Equal(transportValue, up.Tags["signalr.transport"]);
        Assert.Empty(duration.GetMeasurementSnapshot());

        await connection.DisposeAsync();
        await Wait.For(duration.WaitForMeasurementsAsync(1));
        await Wait.UntilAsync(() => Sum(active) == 0, "no active connection");
        var ended = Assert.Single(duration.GetMeasurementSnapshot());
        Assert.Equal(transportValue, ended.Tags["signalr.transport"]);
        Assert.Equal("normal_closure", ended.Tags["signalr.connection.status"]);
        Assert.True(ended.Value > 0);
        Assert.Equal("s", duration.Instrument!.Unit);
    }

    [Fact]
    public async Task ConnectionsOpenAtShutdownEndWithAppShutdownStatus()
    {
        var app = await OpsServer.StartAsync();
        var factory = app.Services.GetRequiredService<IMeterFactory>();
        using var duration = new MetricCollector<double>(factory, Meter, "signalr.server.connection.duration");
        await using var connection = await OpsServer.ConnectAsync(app);

        await app.DisposeAsync();

        await Wait.For(duration.WaitForMeasurementsAsync(1));
        Assert.Equal("app_shutdown", duration.GetMeasurementSnapshot()[0].Tags["signalr.connection.status"]);
    }

    private static long Sum(MetricCollector<long> collector) => collector.GetMeasurementSnapshot().Sum(m => m.Value);
}
