using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using HubFramework.Server.Tests.Transports;
using Microsoft.Extensions.DependencyInjection;
using static HubFramework.Server.Tests.Transports.WebSocketClient;

namespace HubFramework.Server.Tests.Connections;

public class ConnectionMetricsTests
{
    [Fact]
    public async Task ActiveConnectionsAndDurationsAreReportedPerTransport()
    {
        await using var server = await ConnectionTestServer.StartAsync();
        var factory = server.Host.Services.GetRequiredService<IMeterFactory>();
        var active = new ConcurrentDictionary<string, long>();
        var durations = new ConcurrentBag<string>();

        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            // Only this host's meter: other tests run their own hosts in parallel.
            if (instrument.Meter.Name == "HubFramework.Server.Connections" && ReferenceEquals(instrument.Meter.Scope, factory))
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) =>
        {
            if (instrument.Name == "hubframework.connections.active")
            {
                active.AddOrUpdate(Transport(tags), value, (_, current) => current + value);
            }
        });
        listener.SetMeasurementEventCallback<double>((instrument, _, tags, _) =>
        {
            if (instrument.Name == "hubframework.connections.duration")
            {
                durations.Add(Transport(tags));
            }
        });
        listener.Start();

        var (id, _) = await server.NegotiateAsync();
        using (var socket = await ConnectAsync(server.WebSocketUri(id)))
        {
            await SendAsync(socket, "x"u8.ToArray());
            await ReceiveAsync(socket);
            Assert.Equal(1, active.GetValueOrDefault("WebSockets"));

            var (lp, _) = await server.NegotiateAsync();
            (await server.PollAsync(lp)).Dispose();
            Assert.Equal(1, active.GetValueOrDefault("LongPolling"));
            (await server.DeleteAsync(lp)).Dispose();
            await server.WaitUntilGoneAsync(lp);

            using var cts = new CancellationTokenSource(Bound);
            await socket.CloseAsync(System.Net.WebSockets.WebSocketCloseStatus.NormalClosure, null, cts.Token);
        }

        await server.WaitUntilGoneAsync(id);
        Assert.Equal(0, active.GetValueOrDefault("WebSockets"));
        Assert.Equal(0, active.GetValueOrDefault("LongPolling"));
        Assert.Contains("WebSockets", durations);
        Assert.Contains("LongPolling", durations);
    }

    private static string Transport(ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        foreach (var tag in tags)
        {
            if (tag.Key == "transport")
            {
                return (string)tag.Value!;
            }
        }

        return "?";
    }
}
