using System.Diagnostics;
using HubFramework.Protocol;

namespace HubFramework.Server.Hubs.Diagnostics;

/// <summary>
/// Server spans, on the <see cref="ActivitySource"/> <c>HubFramework.Server</c> (enable with
/// <c>AddSource("HubFramework.Server")</c>; span names and tags follow ASP.NET Core SignalR's since .NET 9). One span per hub method invocation, continuing the trace the client put into the invocation's headers
/// (<see cref="DistributedContextPropagator.Current"/>: W3C <c>traceparent</c>/<c>tracestate</c> by default, as
/// Microsoft's client and server do) and linked to the connection's span; an invocation without trace headers starts
/// a trace of its own rather than hanging under the hours-long connection span.
/// </summary>
internal static class HubActivitySource
{
    public const string Name = "HubFramework.Server";
    public const string InvocationActivityName = Name + ".InvocationIn";
    public const string ConnectionActivityName = Name + ".Connection";

    private static readonly ActivitySource Source = new(Name);

    public static bool HasListeners => Source.HasListeners();

    /// <summary>Starts the span of a connection, without making it current (nothing is implicitly parented to it).</summary>
    public static Activity? StartConnection(string hub, string connectionId, HttpTransportType transport)
    {
        if (!Source.HasListeners())
        {
            return null;
        }

        var previous = Activity.Current;
        var activity = Source.CreateActivity(ConnectionActivityName, ActivityKind.Server);
        if (activity is null)
        {
            return null;
        }

        activity.DisplayName = $"{hub} connection";
        if (activity.IsAllDataRequested)
        {
            activity.SetTag("rpc.system", "signalr");
            activity.SetTag("rpc.service", hub);
            activity.SetTag("signalr.connection.id", connectionId);
            activity.SetTag("signalr.transport", Connections.ConnectionsMetrics.ConventionName(transport));
        }

        activity.Start();
        Activity.Current = previous;
        return activity;
    }

    public static void StopConnection(Activity? activity, Exception? error)
    {
        if (activity is null)
        {
            return;
        }

        var current = Activity.Current;
        SetError(activity, error);
        activity.Stop();
        Activity.Current = current;
    }

    /// <summary>Starts the span of one invocation (null when nobody listens); it becomes the current activity of the hub method.</summary>
    public static Activity? StartInvocation(string hub, string method, HubInvocationMessage message, Activity? connection)
    {
        if (!Source.HasListeners())
        {
            return null;
        }

        var parent = default(ActivityContext);
        IEnumerable<KeyValuePair<string, string?>>? baggage = null;
        if (message.Headers is { Count: > 0 } headers)
        {
            var propagator = DistributedContextPropagator.Current;
            propagator.ExtractTraceIdAndState(headers, GetHeader, out var traceParent, out var traceState);
            if (traceParent is not null && ActivityContext.TryParse(traceParent, traceState, isRemote: true, out var parsed))
            {
                parent = parsed;
                baggage = propagator.ExtractBaggage(headers, GetHeader);
            }
        }

        // Without trace headers the invocation is a root: the receive loop's current activity (the transport's HTTP
        // request, hours old on a WebSocket) is not its cause.
        Activity.Current = null;
        var links = connection is null ? null : new[] { new ActivityLink(connection.Context) };
        var activity = Source.CreateActivity(InvocationActivityName, ActivityKind.Server, parent, tags: null, links);
        if (activity is null)
        {
            return null;
        }

        activity.DisplayName = $"{hub}/{method}";
        if (activity.IsAllDataRequested)
        {
            activity.SetTag("rpc.system", "signalr");
            activity.SetTag("rpc.service", hub);
            activity.SetTag("rpc.method", method);
        }

        if (baggage is not null)
        {
            foreach (var (key, value) in baggage)
            {
                activity.AddBaggage(key, value);
            }
        }

        return activity.Start();
    }

    public static void StopInvocation(Activity? activity, string? errorType)
    {
        if (activity is null)
        {
            return;
        }

        if (errorType is not null)
        {
            activity.SetStatus(ActivityStatusCode.Error);
            activity.SetTag("error.type", errorType);
        }

        activity.Stop();
    }

    private static void SetError(Activity activity, Exception? error)
    {
        if (error is not null)
        {
            activity.SetStatus(ActivityStatusCode.Error, error.Message);
            activity.SetTag("error.type", error.GetType().FullName);
        }
    }

    private static void GetHeader(object? carrier, string name, out string? value, out IEnumerable<string>? values)
    {
        values = null;
        value = carrier is IDictionary<string, string> headers && headers.TryGetValue(name, out var found) ? found : null;
    }
}
