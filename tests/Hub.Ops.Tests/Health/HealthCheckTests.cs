using System.Net;
using HubFramework.Ops.Tests.Infrastructure;
using HubFramework.Server.Backplane;
using HubFramework.Server.Hubs;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace HubFramework.Ops.Tests.Health;

public class HealthCheckTests
{
    [Fact]
    public async Task HubServerCheckIsHealthyWhileAcceptingAndReportsConnections()
    {
        await using var app = await OpsServer.StartAsync(
            s => s.AddHealthChecks().AddHubServer(),
            a => a.MapHealthChecks("/healthz"));
        using var http = new HttpClient();
        var response = await http.GetAsync(app.Url("/healthz"));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Healthy", await response.Content.ReadAsStringAsync());

        await using var connection = await OpsServer.ConnectAsync(app);
        var health = app.Services.GetRequiredService<HealthCheckService>();
        // The client's start completes with the handshake answer, a moment before the server lists the connection.
        HealthReportEntry entry = default;
        await Wait.UntilAsync(
            () =>
            {
                entry = health.CheckHealthAsync().GetAwaiter().GetResult().Entries["hubs"];
                return Equals(entry.Data["hub:" + OpsServer.HubPath], 1);
            },
            "the hub lists the connection");
        Assert.Equal(HealthStatus.Healthy, entry.Status);
        Assert.Equal(1, entry.Data["connections"]);
        Assert.Equal(1, entry.Data["hub:" + OpsServer.HubPath]);

        // A draining node stops taking new clients: the load balancer must see it.
        app.Services.GetRequiredService<IHostApplicationLifetime>().StopApplication();
        var report = await health.CheckHealthAsync();
        Assert.Equal(HealthStatus.Unhealthy, report.Entries["hubs"].Status);
        Assert.Contains("shutting down", report.Entries["hubs"].Description);
    }

    [Fact]
    public async Task HubServerCheckFailsWithoutAMappedHub()
    {
        await using var app = await KestrelApp.StartAsync(s => s.AddHubs().Services.AddHealthChecks().AddHubServer(failureStatus: HealthStatus.Degraded), _ => { });
        var report = await app.Services.GetRequiredService<HealthCheckService>().CheckHealthAsync();
        Assert.Equal(HealthStatus.Degraded, report.Entries["hubs"].Status);
        Assert.Contains("No hub", report.Entries["hubs"].Description);
    }

    [Fact]
    public async Task NatsBackplaneCheckFlipsWhenNatsServerStopsAndRecoversWhenItReturns()
    {
        await using var nats = await NatsServerProcess.StartAsync();
        await using var app = await OpsServer.StartAsync(s =>
        {
            s.AddHubs().AddNatsBackplane(o => o.Url = nats.Url);
            s.AddHealthChecks().AddNatsBackplane(configure: o => o.PingTimeout = TimeSpan.FromSeconds(1));
        });
        var health = app.Services.GetRequiredService<HealthCheckService>();

        var healthy = await WaitForStatusAsync(health, HealthStatus.Healthy);
        Assert.Equal("Open", healthy.Data["state"]);
        Assert.True(healthy.Data.ContainsKey("rttMs"));
        // The backplane reports its peers itself: a single node sees none.
        Assert.Equal(0, healthy.Data["peers"]);

        nats.Stop();
        // Either the client already noticed (state not Open) or the PING went unanswered.
        var down = await WaitForStatusAsync(health, HealthStatus.Unhealthy);
        Assert.Matches("The NATS (connection is|server did not answer)", down.Description);

        await nats.RestartAsync();
        await WaitForStatusAsync(health, HealthStatus.Healthy);
    }

    [Fact]
    public async Task NatsBackplaneCheckIsDegradedWithFewerPeersThanExpected()
    {
        await using var nats = await NatsServerProcess.StartAsync();
        var peers = new StaticPeers();
        await using var app = await OpsServer.StartAsync(s =>
        {
            s.AddHubs().AddNatsBackplane(o => o.Url = nats.Url);
            s.AddSingleton<IBackplanePeerDirectory>(peers);
            s.AddHealthChecks().AddNatsBackplane(configure: o => o.MinimumPeers = 1);
        });
        var health = app.Services.GetRequiredService<HealthCheckService>();

        var degraded = await WaitForStatusAsync(health, HealthStatus.Degraded);
        Assert.Equal(0, degraded.Data["peers"]);

        peers.Peers = [new BackplanePeer("node-b", DateTimeOffset.UtcNow, 3)];
        var healthy = await WaitForStatusAsync(health, HealthStatus.Healthy);
        Assert.Equal(1, healthy.Data["peers"]);
    }

    [Fact]
    public async Task InvalidCheckOptionsStopTheAppAtStartUp()
    {
        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => OpsServer.StartAsync(s =>
        {
            s.AddHubs().AddNatsBackplane(o => o.Url = "nats://127.0.0.1:1");
            s.AddHealthChecks().AddNatsBackplane(configure: o => o.PingTimeout = TimeSpan.Zero);
        }));
        Assert.Contains("NatsBackplaneHealthCheckOptions", error.Message);
    }

    private static async Task<HealthReportEntry> WaitForStatusAsync(HealthCheckService health, HealthStatus wanted)
    {
        // NATS notices a dead server within a few seconds; the client's reconnect back-off is a few seconds too.
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        HealthReportEntry entry;
        do
        {
            entry = (await health.CheckHealthAsync()).Entries["nats-backplane"];
            if (entry.Status == wanted)
            {
                return entry;
            }

            await Task.Delay(100);
        }
        while (DateTime.UtcNow < deadline);

        throw new TimeoutException($"The backplane check stayed {entry.Status} ({entry.Description}), expected {wanted}.");
    }

    private sealed class StaticPeers : IBackplanePeerDirectory
    {
        public volatile IReadOnlyList<BackplanePeer> Peers = [];

        public IReadOnlyList<BackplanePeer> GetPeers() => Peers;
    }
}
