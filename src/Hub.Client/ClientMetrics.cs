using System.Diagnostics.Metrics;
using HubFramework.Protocol;

namespace HubFramework.Client;

/// <summary>Counters of the client, on the meter <c>HubFramework.Client</c>.</summary>
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

    public static void ConnectionStarted(HttpTransportType transport) =>
        Connections.Add(1, new KeyValuePair<string, object?>("transport", transport.ToString()));

    public static void ReconnectAttempted() => ReconnectAttempts.Add(1);

    public static void Resumed() => Resumes.Add(1);

    public static void InvocationSent() => Invocations.Add(1);
}
