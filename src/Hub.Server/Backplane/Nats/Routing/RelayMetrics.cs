using System.Diagnostics.Metrics;

namespace HubFramework.Server.Backplane.Nats;

/// <summary>Why a relay failed (the <c>reason</c> tag of <c>hubframework.relay.failures</c>).</summary>
internal enum RelayFailure
{
    OwnerGone,
    OwnerTimeout,
    Busy,
    LostMessage,
    WindowExceeded,
    PeerSilent,
    PublishFailed,
    Malformed,
    UnknownEndpoint,
    HeadTooLarge,
}

/// <summary>
/// Relay instruments on the meter <c>HubFramework.Server.Relay</c>: requests relayed (tagged <c>role</c> = edge or
/// owner, and <c>kind</c>), relays in progress, bytes sent and received in relay frames, failures by reason.
/// </summary>
internal sealed class RelayMetrics
{
    public const string MeterName = "HubFramework.Server.Relay";

    private readonly Counter<long> _requests;
    private readonly UpDownCounter<long> _active;
    private readonly Counter<long> _bytes;
    private readonly Counter<long> _failures;

    public RelayMetrics(IMeterFactory meterFactory)
    {
        var meter = meterFactory.Create(MeterName);
        _requests = meter.CreateCounter<long>("hubframework.relay.requests", "{request}", "Transport requests relayed between nodes (role edge: received here, owner: served here).");
        _active = meter.CreateUpDownCounter<long>("hubframework.relay.active", "{request}", "Relayed requests in progress.");
        _bytes = meter.CreateCounter<long>("hubframework.relay.bytes", "By", "Payload bytes of relay frames, by direction (sent, received).");
        _failures = meter.CreateCounter<long>("hubframework.relay.failures", "{failure}", "Relays that failed, by reason.");
    }

    public void Started(RelayRole role, string kind)
    {
        var roleTag = new KeyValuePair<string, object?>("role", Role(role));
        _requests.Add(1, roleTag, new KeyValuePair<string, object?>("kind", kind));
        _active.Add(1, roleTag);
    }

    public void Ended(RelayRole role) => _active.Add(-1, new KeyValuePair<string, object?>("role", Role(role)));

    public void Bytes(long sent, long received)
    {
        if (sent > 0)
        {
            _bytes.Add(sent, new KeyValuePair<string, object?>("direction", "sent"));
        }

        if (received > 0)
        {
            _bytes.Add(received, new KeyValuePair<string, object?>("direction", "received"));
        }
    }

    public void Failed(RelayFailure reason) => _failures.Add(1, new KeyValuePair<string, object?>("reason", reason switch
    {
        RelayFailure.OwnerGone => "owner_gone",
        RelayFailure.OwnerTimeout => "owner_timeout",
        RelayFailure.Busy => "busy",
        RelayFailure.LostMessage => "lost_message",
        RelayFailure.WindowExceeded => "window_exceeded",
        RelayFailure.PeerSilent => "peer_silent",
        RelayFailure.PublishFailed => "publish_failed",
        RelayFailure.Malformed => "malformed",
        RelayFailure.UnknownEndpoint => "unknown_endpoint",
        _ => "head_too_large",
    }));

    private static string Role(RelayRole role) => role == RelayRole.Edge ? "edge" : "owner";
}
