using System.Diagnostics.Metrics;

namespace HubFramework.Server.Backplane.Nats;

/// <summary>The NATS backplane's instruments, on the meter <see cref="MeterName"/>.</summary>
internal sealed class NatsBackplaneMetrics
{
    /// <summary>The meter name to listen to.</summary>
    public const string MeterName = "HubFramework.Server.Backplane";

    private readonly Counter<long> _published;
    private readonly Counter<long> _publishedBytes;
    private readonly Counter<long> _received;
    private readonly Counter<long> _receivedBytes;
    private readonly Counter<long> _dropped;
    private readonly Counter<long> _reconnects;

    public NatsBackplaneMetrics(IMeterFactory meterFactory)
    {
        Meter = meterFactory.Create(MeterName);
        _published = Meter.CreateCounter<long>("hubframework.backplane.messages.published", "{message}", "Messages this node published to the other nodes, by kind.");
        _publishedBytes = Meter.CreateCounter<long>("hubframework.backplane.bytes.published", "By", "Bytes this node published, by kind.");
        _received = Meter.CreateCounter<long>("hubframework.backplane.messages.received", "{message}", "Messages this node received from other nodes, by kind.");
        _receivedBytes = Meter.CreateCounter<long>("hubframework.backplane.bytes.received", "By", "Bytes this node received, by kind.");
        _dropped = Meter.CreateCounter<long>("hubframework.backplane.messages.dropped", "{message}", "Messages not sent or not delivered, by reason (outage_buffer_full, too_large, malformed, slow_subscriber, publish_failed).");
        _reconnects = Meter.CreateCounter<long>("hubframework.backplane.reconnects", "{reconnect}", "Times the NATS connection came back after being lost.");
    }

    /// <summary>The meter, for the gauges the backplane observes (buffer depth, peers alive).</summary>
    public Meter Meter { get; }

    public void Published(BackplaneMessageKind kind, int bytes)
    {
        var tag = new KeyValuePair<string, object?>("kind", KindName(kind));
        _published.Add(1, tag);
        _publishedBytes.Add(bytes, tag);
    }

    public void Received(BackplaneMessageKind kind, int bytes)
    {
        var tag = new KeyValuePair<string, object?>("kind", KindName(kind));
        _received.Add(1, tag);
        _receivedBytes.Add(bytes, tag);
    }

    public void Dropped(string reason, long count = 1) => _dropped.Add(count, new KeyValuePair<string, object?>("reason", reason));

    public void Reconnected() => _reconnects.Add(1);

    private static string KindName(BackplaneMessageKind kind) => kind switch
    {
        BackplaneMessageKind.Send => "send",
        BackplaneMessageKind.GroupChange => "group_change",
        BackplaneMessageKind.Invoke => "invoke",
        BackplaneMessageKind.CancelInvoke => "cancel_invoke",
        BackplaneMessageKind.Heartbeat => "heartbeat",
        BackplaneMessageKind.Goodbye => "goodbye",
        BackplaneMessageKind.Reply => "reply",
        _ => "unknown",
    };
}
