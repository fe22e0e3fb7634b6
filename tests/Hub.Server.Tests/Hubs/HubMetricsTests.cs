using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using HubFramework.Server.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace HubFramework.Server.Tests.Hubs;

public class HubMetricsTests
{
    [Fact]
    public async Task InvocationsErrorsAndConnectionsAreCounted()
    {
        await using var server = InMemoryHubServer<TestHub>.Create();
        var factory = server.Services.GetRequiredService<IMeterFactory>();
        var totals = new ConcurrentDictionary<string, long>();
        using var listener = new MeterListener
        {
            InstrumentPublished = (instrument, l) =>
            {
                // Only this server's meter: other tests run in parallel with their own.
                if (instrument.Meter.Name == "HubFramework.Server.Hubs" && ReferenceEquals(instrument.Meter.Scope, factory))
                {
                    l.EnableMeasurementEvents(instrument);
                }
            },
        };
        listener.SetMeasurementEventCallback<long>((instrument, value, _, _) => totals.AddOrUpdate(instrument.Name, value, (_, total) => total + value));
        listener.Start();

        var connection = await server.ConnectAsync();
        await connection.Client.InvokeAsync<string>("Echo", "x");
        Assert.Equal(1, totals.GetValueOrDefault("hubframework.hub.active_connections"));
        await connection.Client.InvokeAsync("Throw", "boom");

        Assert.Equal(2, totals.GetValueOrDefault("hubframework.hub.invocations"));
        Assert.Equal(1, totals.GetValueOrDefault("hubframework.hub.invocation_errors"));

        connection.Connection.CompleteFromClient();
        Assert.True(await connection.ServedWithinAsync(TimeSpan.FromSeconds(5)));
        Assert.Equal(0, totals.GetValueOrDefault("hubframework.hub.active_connections"));
    }
}
