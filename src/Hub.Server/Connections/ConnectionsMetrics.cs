using System.Diagnostics.Metrics;
using HubFramework.Protocol;

namespace HubFramework.Server.Connections;

/// <summary>
/// Connection instruments on two meters. <c>HubFramework.Server.Connections</c> carries ours, tagged with the transport
/// (<c>WebSockets</c>, <c>ServerSentEvents</c>, <c>LongPolling</c>, or <c>None</c> for connections that never attached
/// one). <c>HubFramework.Server.Conventions</c> carries the two instruments of OpenTelemetry's semantic
/// conventions for SignalR (<c>signalr.server.connection.duration</c>, <c>signalr.server.active_connections</c>), with
/// the same instrument names, units, attributes and bucket boundaries as ASP.NET Core SignalR, so the dashboards
/// built on those instruments show our connections (the meter has our own name: add it where ASP.NET Core's is added).
/// </summary>
internal sealed class ConnectionsMetrics
{
    public const string MeterName = "HubFramework.Server.Connections";

    /// <summary>The meter of OpenTelemetry's SignalR convention instruments.</summary>
    public const string ConventionMeterName = "HubFramework.Server.Conventions";

    private const string TransportTag = "transport";
    private const string ConventionTransportTag = "signalr.transport";
    private const string ConventionStatusTag = "signalr.connection.status";

    // The boundaries the convention asks for (connections last from milliseconds to hours).
    private static readonly double[] DurationBuckets = [0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1, 2, 5, 10, 30, 60, 120, 300];

    private readonly UpDownCounter<long> _active;
    private readonly Histogram<double> _duration;
    private readonly Counter<long> _reconnects;
    private readonly Counter<long> _timedOut;
    private readonly UpDownCounter<long> _conventionActive;
    private readonly Histogram<double> _conventionDuration;
    private readonly Counter<long> _refused;

    public ConnectionsMetrics(IMeterFactory meterFactory)
    {
        var meter = meterFactory.Create(MeterName);
        _active = meter.CreateUpDownCounter<long>("hubframework.connections.active", "{connection}", "Connections with an attached transport that have not ended.");
        _duration = meter.CreateHistogram<double>("hubframework.connections.duration", "s", "How long connections lasted, from negotiate (or WebSocket upgrade) to end.");
        _reconnects = meter.CreateCounter<long>("hubframework.connections.reconnects", "{reconnect}", "Transports re-attached to a live connection (stateful reconnect).");
        _refused = meter.CreateCounter<long>("hubframework.connections.refused", "{request}", "Requests refused by a connection cap, an origin check or the connection-owner check, by HTTP status.");
        _timedOut = meter.CreateCounter<long>("hubframework.connections.timed_out", "{connection}", "Connections ended because no transport came back within the disconnect timeout.");

        var convention = meterFactory.Create(ConventionMeterName);
        _conventionActive = convention.CreateUpDownCounter<long>(
            "signalr.server.active_connections", "{connection}", "Number of connections that are currently active on the server.");
        _conventionDuration = convention.CreateHistogram<double>(
            "signalr.server.connection.duration",
            "s",
            "The duration of connections on the server.",
            tags: null,
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = DurationBuckets });
    }

    public void Attached(HttpTransportType transport)
    {
        _active.Add(1, new KeyValuePair<string, object?>(TransportTag, Name(transport)));
        _conventionActive.Add(1, new KeyValuePair<string, object?>(ConventionTransportTag, ConventionName(transport)));
    }

    public void Ended(HttpTransportType transport, bool attached, TimeSpan duration, ConnectionEndStatus status)
    {
        var tag = new KeyValuePair<string, object?>(TransportTag, Name(transport));
        var conventionTransport = new KeyValuePair<string, object?>(ConventionTransportTag, ConventionName(transport));
        if (attached)
        {
            _active.Add(-1, tag);
            _conventionActive.Add(-1, conventionTransport);
        }

        _duration.Record(duration.TotalSeconds, tag);
        _conventionDuration.Record(duration.TotalSeconds, conventionTransport, new KeyValuePair<string, object?>(ConventionStatusTag, StatusName(status)));
    }

    public void Reconnected() => _reconnects.Add(1, new KeyValuePair<string, object?>(TransportTag, TransportNames.WebSockets));

    public void TimedOut(HttpTransportType transport) => _timedOut.Add(1, new KeyValuePair<string, object?>(TransportTag, Name(transport)));

    public void Refused(int statusCode) => _refused.Add(1, new KeyValuePair<string, object?>("http.response.status_code", statusCode));

    private static string Name(HttpTransportType transport) => transport switch
    {
        HttpTransportType.WebSockets => TransportNames.WebSockets,
        HttpTransportType.ServerSentEvents => TransportNames.ServerSentEvents,
        HttpTransportType.LongPolling => TransportNames.LongPolling,
        _ => "None",
    };

    /// <summary>The convention's well-known values of <c>signalr.transport</c>.</summary>
    internal static string ConventionName(HttpTransportType transport) => transport switch
    {
        HttpTransportType.WebSockets => "web_sockets",
        HttpTransportType.ServerSentEvents => "server_sent_events",
        HttpTransportType.LongPolling => "long_polling",
        _ => "none",
    };

    private static string StatusName(ConnectionEndStatus status) => status switch
    {
        ConnectionEndStatus.Timeout => "timeout",
        ConnectionEndStatus.AppShutdown => "app_shutdown",
        _ => "normal_closure",
    };
}

/// <summary>Why a connection ended, as the convention's <c>signalr.connection.status</c> tells it.</summary>
internal enum ConnectionEndStatus
{
    NormalClosure,
    Timeout,
    AppShutdown,
}
