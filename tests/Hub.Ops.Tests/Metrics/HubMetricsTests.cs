using HubFramework.Client;
using HubFramework.Ops.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using System.Diagnostics.Metrics;

namespace HubFramework.Ops.Tests.Metrics;

/// <summary>Our hub, outbound and client figures move as invocations and messages happen.</summary>
public class HubMetricsTests
{
    private const string HubMeter = "HubFramework.Server.Hubs";

    [Fact]
    public async Task InvocationsAreTimedByHubAndMethodWithTheirErrors()
    {
        await using var app = await OpsServer.StartAsync();
        var factory = app.Services.GetRequiredService<IMeterFactory>();
        using var durations = new MetricCollector<double>(factory, HubMeter, "hubframework.hub.invocation.duration");
        await using var connection = await OpsServer.ConnectAsync(app);

        Assert.Equal("a", await Wait.For(connection.InvokeAsync<string>("Echo", "a")));
        Assert.Equal("b", await Wait.For(connection.InvokeAsync<string>("Echo", "b")));
        await Assert.ThrowsAsync<HubException>(() => Wait.For(connection.InvokeAsync("Fail")));
        var items = new List<int>();
        await foreach (var item in connection.StreamAsync<int>("Count", 3))
        {
            items.Add(item);
        }

        await Wait.For(durations.WaitForMeasurementsAsync(4));
        var all = durations.GetMeasurementSnapshot();
        var echoes = all.Where(m => Equals(m.Tags["method"], "Echo")).ToList();
        Assert.Equal(2, echoes.Count);
        Assert.All(echoes, m =>
        {
            Assert.Equal("OpsHub", m.Tags["hub"]);
            Assert.False(m.Tags.ContainsKey("error.type"));
            Assert.True(m.Value >= 0);
        });
        var failure = Assert.Single(all, m => Equals(m.Tags["method"], "Fail"));
        Assert.Equal(typeof(InvalidOperationException).FullName, failure.Tags["error.type"]);
        Assert.Single(all, m => Equals(m.Tags["method"], "Count"));
    }

    [Fact]
    public async Task MessagesAndBytesAreCountedInAndOutByProtocol()
    {
        await using var app = await OpsServer.StartAsync();
        var factory = app.Services.GetRequiredService<IMeterFactory>();
        using var received = new MetricCollector<long>(factory, HubMeter, "hubframework.hub.messages_received");
        using var bytesReceived = new MetricCollector<long>(factory, HubMeter, "hubframework.hub.bytes_received");
        // The outbound instruments live on a static meter (no scope) shared by every host of the process.
        using var sent = new MetricCollector<long>(null, HubMeter, "hubframework.hub.outbound.messages_sent");
        using var bytesSent = new MetricCollector<long>(null, HubMeter, "hubframework.hub.outbound.bytes_sent");
        await using var connection = await OpsServer.ConnectAsync(app);

        for (var i = 0; i < 5; i++)
        {
            await Wait.For(connection.InvokeAsync<string>("Echo", "payload"));
        }

        await Wait.UntilAsync(() => received.GetMeasurementSnapshot().Count >= 5, "five messages received");
        Assert.All(received.GetMeasurementSnapshot(), m =>
        {
            Assert.Equal("OpsHub", m.Tags["hub"]);
            Assert.Equal("json", m.Tags["protocol"]);
        });
        // {"type":1,"invocationId":"…","target":"Echo","arguments":["payload"]} plus the record separator.
        Assert.All(bytesReceived.GetMeasurementSnapshot().Where(m => m.Value > 40), m => Assert.Equal("json", m.Tags["protocol"]));
        Assert.True(bytesReceived.GetMeasurementSnapshot().Sum(m => m.Value) >= 5 * 50);

        await Wait.UntilAsync(() => sent.GetMeasurementSnapshot().Where(m => Equals(m.Tags["protocol"], "json")).Sum(m => m.Value) >= 5, "five messages sent");
        Assert.True(bytesSent.GetMeasurementSnapshot().Where(m => Equals(m.Tags["protocol"], "json")).Sum(m => m.Value) >= 5 * 30);
    }

    [Fact]
    public async Task ClientMeterTimesInvocationsAndCountsMessages()
    {
        await using var app = await OpsServer.StartAsync();
        using var durations = new MetricCollector<double>(null, "HubFramework.Client", "hubframework.client.invocation.duration");
        using var received = new MetricCollector<long>(null, "HubFramework.Client", "hubframework.client.messages_received");
        using var sent = new MetricCollector<long>(null, "HubFramework.Client", "hubframework.client.messages_sent");
        await using var connection = await OpsServer.ConnectAsync(app);

        await Wait.For(connection.InvokeAsync<string>("Echo", "x"));
        await Assert.ThrowsAsync<HubException>(() => Wait.For(connection.InvokeAsync("Fail")));

        // Other tests of this process use clients too: look for this test's measurements by method.
        await Wait.UntilAsync(() => durations.GetMeasurementSnapshot().Any(m => Equals(m.Tags["method"], "Fail")), "the failed invocation timed");
        Assert.Contains(durations.GetMeasurementSnapshot(), m => Equals(m.Tags["method"], "Echo") && !m.Tags.ContainsKey("error.type"));
        Assert.Contains(durations.GetMeasurementSnapshot(), m => Equals(m.Tags["method"], "Fail") && Equals(m.Tags["error.type"], typeof(HubException).FullName));
        Assert.True(received.GetMeasurementSnapshot().Count(m => Equals(m.Tags["protocol"], "json")) >= 2);
        Assert.True(sent.GetMeasurementSnapshot().Count(m => Equals(m.Tags["protocol"], "json")) >= 2);
    }
}
