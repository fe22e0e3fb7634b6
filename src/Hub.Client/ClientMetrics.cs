using System.Diagnostics;
using System.Diagnostics.Metrics;
using HubFramework.Protocol;

namespace HubFramework.Client;

/// <summary>Instruments of the client, on the meter <c>HubFramework.Client</c>. Tags are cached strings: recording allocates nothing.</summary>
internal static class ClientMetrics
{
    public const string MeterName = "HubFramework.Client";

    private static readonly Meter Meter = new(MeterName);
    private static readonly Counter<long> Connections = Meter.CreateCounter<long>(
        "hubframework.client.connections", "{connection}", "Connections established (start or automatic reconnect), by transport.");
    private static readonly Counter<long> ReconnectAttempts = Meter.CreateCounter<long>(
        "hubframework.client.reconnect_attempts", "{attempt}", "Automatic reconnect attempts.");
    private static readonly Counter<long> Resumes = Meter.CreateCounter<long>(
        "hubframework.client.stateful_resumes", "{resume}", "Transports re-established by stateful reconnect.");
    private static readonly Counter<long> Invocations = Meter.CreateCounter<long>(
        "hubframework.client.invocations", "{invocation}", "Invocations, sends and stream invocations sent.");
    private static readonly Histogram<double> InvocationDuration = Meter.CreateHistogram<double>(
        "hubframework.client.invocation.duration",
        "s",
        "How long invocations took from send to result, by method; error.type is set when one failed.",
        tags: null,
        advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60] });
    private static readonly Counter<long> MessagesReceived = Meter.CreateCounter<long>(
        "hubframework.client.messages_received", "{message}", "Hub messages parsed from the server, by protocol.");
    private static readonly Counter<long> BytesReceived = Meter.CreateCounter<long>(
        "hubframework.client.bytes_received", "By", "Framed hub message bytes parsed from the server, by protocol.");
    private static readonly Counter<long> MessagesSent = Meter.CreateCounter<long>(
        "hubframework.client.messages_sent", "{message}", "Hub messages written to the transport, by protocol.");

    public static void ConnectionStarted(HttpTransportType transport) =>
        Connections.Add(1, new KeyValuePair<string, object?>("transport", transport.ToString()));

    public static void ReconnectAttempted() => ReconnectAttempts.Add(1);

    public static void Resumed() => Resumes.Add(1);

    public static void InvocationSent() => Invocations.Add(1);

    /// <summary>The start of an invocation for <see cref="InvocationEnded"/>; 0 when nobody listens.</summary>
    public static long InvocationStarting() => InvocationDuration.Enabled ? Stopwatch.GetTimestamp() : 0;

    public static void InvocationEnded(string method, long startTimestamp, Exception? error)
    {
        if (startTimestamp == 0)
        {
            return;
        }

        var elapsed = Stopwatch.GetElapsedTime(startTimestamp).TotalSeconds;
        var methodTag = new KeyValuePair<string, object?>("method", method);
        if (error is null)
        {
            InvocationDuration.Record(elapsed, methodTag);
        }
        else
        {
            InvocationDuration.Record(elapsed, methodTag, new KeyValuePair<string, object?>("error.type", error.GetType().FullName));
        }
    }

    public static void MessageReceived(string protocol, long bytes)
    {
        var tag = new KeyValuePair<string, object?>("protocol", protocol);
        MessagesReceived.Add(1, tag);
        BytesReceived.Add(bytes, tag);
    }

    public static void MessageSent(string protocol) => MessagesSent.Add(1, new KeyValuePair<string, object?>("protocol", protocol));
}
