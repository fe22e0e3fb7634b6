using System.Diagnostics.Metrics;
using HubFramework.Protocol;

namespace HubFramework.Server.Connections;

/// <summary>
/// Connection counters on the meter <c>HubFramework.Server.Connections</c>, tagged with the transport
/// (<c>WebSockets</c>, <c>ServerSentEvents</c>, <c>LongPolling</c>, or <c>None</c> for connections that never attached one).
/// </summary>
internal sealed class ConnectionsMetrics
{
    public const string MeterName = "HubFramework.Server.Connections";
    private const string TransportTag = "transport";

    private readonly UpDownCounter<long> _active;
    private readonly Histogram<double> _duration;
    private readonly Counter<long> _reconnects;
    private readonly Counter<long> _timedOut;
    private readonly Counter<long> _refused;

    public ConnectionsMetrics(IMeterFactory meterFactory)
    {
        var meter = meterFactory.Create(MeterName);
        _active = meter.CreateUpDownCounter<long>("hubframework.connections.active", "{connection}", "Connections with an attached transport that have not ended.");
        _duration = meter.CreateHistogram<double>("hubframework.connections.duration", "s", "How long connections lasted, from negotiate (or WebSocket upgrade) to end.");
        _reconnects = meter.CreateCounter<long>("hubframework.connections.reconnects", "{reconnect}", "Transports re-attached to a live connection (stateful reconnect).");
        _refused = meter.CreateCounter<long>("hubframework.connections.refused", "{request}", "Requests refused by a connection cap, an origin check or the connection-owner check, by HTTP status.");
        _timedOut = meter.CreateCounter<long>("hubframework.connections.timed_out", "{connection}", "Connections ended because no transport came back within the disconnect timeout.");
    }

    public void Attached(HttpTransportType transport) => _active.Add(1, new KeyValuePair<string, object?>(TransportTag, Name(transport)));

    public void Ended(HttpTransportType transport, bool attached, TimeSpan duration)
    {
        var tag = new KeyValuePair<string, object?>(TransportTag, Name(transport));
        if (attached)
        {
            _active.Add(-1, tag);
        }

        _duration.Record(duration.TotalSeconds, tag);
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
}
