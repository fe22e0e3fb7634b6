using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Net;
using System.Text;
using System.Text.Json;
using HubFramework.Server.Hubs;
using Microsoft.AspNetCore.Builder;

namespace HubFramework.Cluster.Tests;

/// <summary>
/// The relay's instruments (meter <c>HubFramework.Server.Relay</c>), read with a <see cref="MeterListener"/> from two
/// nodes hosted in this process on a real nats-server: relayed requests by role, bytes both ways, failures by reason.
/// </summary>
public sealed class RelayMetricsTests
{
    [Fact]
    public async Task Relayed_requests_bytes_and_failures_are_measured()
    {
        var measured = new ConcurrentQueue<(string Instrument, long Value, Dictionary<string, string?> Tags)>();
        using var listener = new MeterListener
        {
            InstrumentPublished = (instrument, l) =>
            {
                if (instrument.Meter.Name == "HubFramework.Server.Relay")
                {
                    l.EnableMeasurementEvents(instrument);
                }
            },
        };
        listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) =>
        {
            var copy = new Dictionary<string, string?>();
            foreach (var tag in tags)
            {
                copy[tag.Key] = tag.Value?.ToString();
            }

            measured.Enqueue((instrument.Name, value, copy));
        });
        listener.Start();

        await using var nats = await NatsServerProcess.StartAsync();
        await using var owner = await StartNodeAsync(nats);
        await using var edge = await StartNodeAsync(nats);
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };

        // A long-polling connection negotiated on the owner, started, handshaken and polled through the edge.
        // Retried with fresh connections until the owner's relay subscription is live on NATS.
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        Uri poll;
        HttpStatusCode status;
        do
        {
            poll = edge.Url("hubs/echo?id=" + Uri.EscapeDataString(await NegotiateAsync(http, owner)));
            status = (await http.GetAsync(poll)).StatusCode;
        }
        while (status != HttpStatusCode.OK && DateTime.UtcNow < deadline);
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(HttpStatusCode.OK, (await http.PostAsync(poll, new StringContent("{\"protocol\":\"json\",\"version\":1}\u001e", Encoding.UTF8))).StatusCode);
        Assert.Contains("{}", await http.GetStringAsync(poll));

        // A token naming a node nobody runs: a failure with its reason.
        Assert.Equal(HttpStatusCode.NotFound, (await http.GetAsync(edge.Url("hubs/echo?id=nosuchnode.AAAAAAAAAAAAAAAAAAAAAA"))).StatusCode);

        bool Has(string instrument, string tag, string value) => measured.Any(m => m.Instrument == instrument && m.Tags.GetValueOrDefault(tag) == value && m.Value > 0);
        await Wait.UntilAsync(
            () => Has("hubframework.relay.requests", "role", "edge") && Has("hubframework.relay.requests", "role", "owner")
                && Has("hubframework.relay.bytes", "direction", "sent") && Has("hubframework.relay.bytes", "direction", "received")
                && Has("hubframework.relay.failures", "reason", "owner_gone") && Has("hubframework.relay.active", "role", "edge"),
            "relay measurements: " + string.Join(", ", measured.Select(m => $"{m.Instrument}={m.Value} [{string.Join(';', m.Tags.Select(t => $"{t.Key}={t.Value}"))}]").Distinct()));
        Assert.Contains(measured, m => m.Instrument == "hubframework.relay.requests" && m.Tags.GetValueOrDefault("kind") == "poll");
        Assert.Contains(measured, m => m.Instrument == "hubframework.relay.requests" && m.Tags.GetValueOrDefault("kind") == "send");
    }

    private static Task<KestrelApp> StartNodeAsync(NatsServerProcess nats) => KestrelApp.StartAsync(
        services => services.AddHubs().AddNatsBackplane(o => o.Url = nats.Url),
        app => app.MapHub<EchoHub>("/hubs/echo"));

    private static async Task<string> NegotiateAsync(HttpClient http, KestrelApp node)
    {
        var response = await http.PostAsync(node.Url("hubs/echo/negotiate?negotiateVersion=1"), null);
        response.EnsureSuccessStatusCode();
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return body.RootElement.GetProperty("connectionToken").GetString()!;
    }

    public sealed class EchoHub : Hub
    {
        public string Echo(string message) => message;
    }
}
