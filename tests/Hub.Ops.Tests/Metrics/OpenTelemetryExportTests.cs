using System.Diagnostics;
using HubFramework.Client;
using HubFramework.Ops.Tests.Infrastructure;
using HubFramework.Server.Hubs;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace HubFramework.Ops.Tests.Metrics;

/// <summary>What an application wired with OpenTelemetry.Extensions.Hosting exports: the conventional names, and spans.</summary>
public class OpenTelemetryExportTests
{
    [Fact]
    public async Task OpenTelemetrySdkExportsConventionMetricsAndInvocationSpans()
    {
        var metrics = new List<Metric>();
        var spans = new List<Activity>();
        await using var app = await OpsServer.StartAsync(s => s.AddOpenTelemetry()
            .WithMetrics(m => m.AddMeter([.. HubServerTelemetry.MeterNames]).AddInMemoryExporter(metrics))
            .WithTracing(t => t.AddSource(HubServerTelemetry.ActivitySourceName, HubClientTelemetry.ActivitySourceName).AddInMemoryExporter(spans)));
        await using (var connection = await OpsServer.ConnectAsync(app))
        {
            Assert.Equal("otel", await Wait.For(connection.InvokeAsync<string>("Echo", "otel")));
        }

        var meters = app.Services.GetRequiredService<MeterProvider>();
        var tracer = app.Services.GetRequiredService<TracerProvider>();
        await Wait.UntilAsync(
            () =>
            {
                meters.ForceFlush();
                tracer.ForceFlush();
                lock (metrics)
                {
                    return metrics.Any(m => m.Name == "signalr.server.connection.duration") && spans.Any(s => s.DisplayName == "OpsHub/Echo");
                }
            },
            "the exporters to see the connection's duration and the invocation's span");

        lock (metrics)
        {
            var duration = metrics.Last(m => m.Name == "signalr.server.connection.duration");
            Assert.Equal("HubFramework.Server.Conventions", duration.MeterName);
            Assert.Equal(MetricType.Histogram, duration.MetricType);
            var tags = new Dictionary<string, object?>();
            foreach (ref readonly var point in duration.GetMetricPoints())
            {
                foreach (var tag in point.Tags)
                {
                    tags[tag.Key] = tag.Value;
                }

                // The convention's buckets.
                var bounds = new List<double>();
                foreach (var bucket in point.GetHistogramBuckets())
                {
                    bounds.Add(bucket.ExplicitBound);
                }

                Assert.Equal([0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1, 2, 5, 10, 30, 60, 120, 300, double.PositiveInfinity], bounds);
            }

            Assert.Equal("web_sockets", tags["signalr.transport"]);
            Assert.Equal("normal_closure", tags["signalr.connection.status"]);
            Assert.Contains(metrics, m => m.Name == "signalr.server.active_connections");
            Assert.Contains(metrics, m => m.Name == "hubframework.hub.invocation.duration");
            var span = spans.Last(s => s.DisplayName == "OpsHub/Echo");
            Assert.Equal("Echo", span.GetTagItem("rpc.method"));
        }
    }
}
