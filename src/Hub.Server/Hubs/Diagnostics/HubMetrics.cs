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
    private readonly Histogram<double> _invocationDuration;
    private readonly Counter<long> _messagesReceived;
    private readonly Counter<long> _bytesReceived;

    public HubMetrics(IMeterFactory meterFactory)
    {
        var meter = meterFactory.Create(MeterName);
        _invocations = meter.CreateCounter<long>("hubframework.hub.invocations", "{invocation}", "Hub method invocations started.");
        _invocationErrors = meter.CreateCounter<long>("hubframework.hub.invocation_errors", "{invocation}", "Invocations that ended with an error sent to the client.");
        _rateLimited = meter.CreateCounter<long>("hubframework.hub.rate_limited", "{invocation}", "Invocations refused by the per-connection rate limit.");
        _activeConnections = meter.CreateUpDownCounter<long>("hubframework.hub.active_connections", "{connection}", "Connections past the handshake and not yet closed.");
        _handshakeFailures = meter.CreateCounter<long>("hubframework.hub.handshake_failures", "{connection}", "Connections whose hub handshake failed or timed out.");
        _connectionDuration = meter.CreateHistogram<double>("hubframework.hub.connection.duration", "s", "How long hub connections lasted.");
        _invocationDuration = meter.CreateHistogram<double>(
            "hubframework.hub.invocation.duration",
            "s",
            "How long hub method invocations took, to the last stream item for streaming methods; error.type is set when one failed.",
            tags: null,
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60] });
        _messagesReceived = meter.CreateCounter<long>("hubframework.hub.messages_received", "{message}", "Hub messages parsed from clients, by hub and protocol.");
        _bytesReceived = meter.CreateCounter<long>("hubframework.hub.bytes_received", "By", "Framed hub message bytes parsed from clients, by hub and protocol.");
    }

    public void InvocationStarted(string hub, string method) =>
        _invocations.Add(1, new KeyValuePair<string, object?>("hub", hub), new KeyValuePair<string, object?>("method", method));

    public void InvocationFailed(string hub, string method) =>
        _invocationErrors.Add(1, new KeyValuePair<string, object?>("hub", hub), new KeyValuePair<string, object?>("method", method));

    /// <summary>Whether anyone listens to invocation durations (the start timestamp is taken only then).</summary>
    public bool InvocationDurationEnabled => _invocationDuration.Enabled;

    public void InvocationEnded(string hub, string method, long startTimestamp, string? errorType)
    {
        var elapsed = Stopwatch.GetElapsedTime(startTimestamp).TotalSeconds;
        var hubTag = new KeyValuePair<string, object?>("hub", hub);
        var methodTag = new KeyValuePair<string, object?>("method", method);
        if (errorType is null)
        {
            _invocationDuration.Record(elapsed, hubTag, methodTag);
        }
        else
        {
            _invocationDuration.Record(elapsed, hubTag, methodTag, new KeyValuePair<string, object?>("error.type", errorType));
        }
    }

    public void MessageReceived(string hub, string protocol, long bytes)
    {
        var hubTag = new KeyValuePair<string, object?>("hub", hub);
        var protocolTag = new KeyValuePair<string, object?>("protocol", protocol);
        _messagesReceived.Add(1, hubTag, protocolTag);
        _bytesReceived.Add(bytes, hubTag, protocolTag);
    }

    public void RateLimited(string hub) => _rateLimited.Add(1, new KeyValuePair<string, object?>("hub", hub));

    public void HandshakeFailed(string hub) => _handshakeFailures.Add(1, new KeyValuePair<string, object?>("hub", hub));

    public void ConnectionStarted(string hub) => _activeConnections.Add(1, new KeyValuePair<string, object?>("hub", hub));

    public void ConnectionEnded(string hub, long startTimestamp)
    {
        _activeConnections.Add(-1, new KeyValuePair<string, object?>("hub", hub));
        _connectionDuration.Record(Stopwatch.GetElapsedTime(startTimestamp).TotalSeconds, new KeyValuePair<string, object?>("hub", hub));
    }
}
