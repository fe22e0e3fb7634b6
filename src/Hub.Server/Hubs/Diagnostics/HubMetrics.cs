using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace HubFramework.Server.Hubs.Diagnostics;

/// <summary>The hub layer's instruments, on the meter <see cref="MeterName"/>.</summary>
internal sealed class HubMetrics
{
    /// <summary>The meter name to listen to.</summary>
    public const string MeterName = "HubFramework.Server.Hubs";

    private readonly Counter<long> _invocations;
    private readonly Counter<long> _invocationErrors;
    private readonly Counter<long> _rateLimited;
    private readonly UpDownCounter<long> _activeConnections;
    private readonly Counter<long> _handshakeFailures;
    private readonly Histogram<double> _connectionDuration;

    public HubMetrics(IMeterFactory meterFactory)
    {
        var meter = meterFactory.Create(MeterName);
        _invocations = meter.CreateCounter<long>("hubframework.hub.invocations", "{invocation}", "Hub method invocations started.");
        _invocationErrors = meter.CreateCounter<long>("hubframework.hub.invocation_errors", "{invocation}", "Invocations that ended with an error sent to the client.");
        _rateLimited = meter.CreateCounter<long>("hubframework.hub.rate_limited", "{invocation}", "Invocations refused by the per-connection rate limit.");
        _activeConnections = meter.CreateUpDownCounter<long>("hubframework.hub.active_connections", "{connection}", "Connections past the handshake and not yet closed.");
        _handshakeFailures = meter.CreateCounter<long>("hubframework.hub.handshake_failures", "{connection}", "Connections whose hub handshake failed or timed out.");
        _connectionDuration = meter.CreateHistogram<double>("hubframework.hub.connection.duration", "s", "How long hub connections lasted.");
    }

    public void InvocationStarted(string hub, string method) =>
        _invocations.Add(1, new KeyValuePair<string, object?>("hub", hub), new KeyValuePair<string, object?>("method", method));

    public void InvocationFailed(string hub, string method) =>
        _invocationErrors.Add(1, new KeyValuePair<string, object?>("hub", hub), new KeyValuePair<string, object?>("method", method));

    public void RateLimited(string hub) => _rateLimited.Add(1, new KeyValuePair<string, object?>("hub", hub));

    public void HandshakeFailed(string hub) => _handshakeFailures.Add(1, new KeyValuePair<string, object?>("hub", hub));

    public void ConnectionStarted(string hub) => _activeConnections.Add(1, new KeyValuePair<string, object?>("hub", hub));

    public void ConnectionEnded(string hub, long startTimestamp)
    {
        _activeConnections.Add(-1, new KeyValuePair<string, object?>("hub", hub));
        _connectionDuration.Record(Stopwatch.GetElapsedTime(startTimestamp).TotalSeconds, new KeyValuePair<string, object?>("hub", hub));
    }
}
