namespace HubFramework.Server.Hubs;

/// <summary>
/// The names to give OpenTelemetry (<c>AddMeter</c>, <c>AddSource</c>) or <c>dotnet-counters</c> to see the server's
/// metrics and traces.
/// </summary>
public static class HubServerTelemetry
{
    /// <summary>ASP.NET Core's connection meter, carrying OpenTelemetry's SignalR conventions (<c>signalr.server.*</c>).</summary>
    public const string ConventionMeterName = Connections.ConnectionsMetrics.ConventionMeterName;

    /// <summary>Our hub-layer meter: invocations, messages and bytes, outbound queues, resumes.</summary>
    public const string HubsMeterName = Diagnostics.HubMetrics.MeterName;

    /// <summary>Our connection-layer meter: per-transport connections, durations, reconnects, timeouts.</summary>
    public const string ConnectionsMeterName = Connections.ConnectionsMetrics.MeterName;

    /// <summary>The server's activity source (ASP.NET Core SignalR's name): a span per invocation and per connection.</summary>
    public const string ActivitySourceName = Diagnostics.HubActivitySource.Name;

    /// <summary>Every meter of the server.</summary>
    public static IReadOnlyList<string> MeterNames { get; } = [ConventionMeterName, HubsMeterName, ConnectionsMeterName];
}
