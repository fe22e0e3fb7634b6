using System.Diagnostics;
using HubFramework.Protocol;

namespace HubFramework.Client;

/// <summary>
/// Client spans of hub invocations, on the <see cref="ActivitySource"/> <c>HubFramework.Client</c> (span names and
/// tags as ASP.NET Core's .NET SignalR client makes them).
/// The trace context (of this span, or of the caller's current activity when nobody listens to this source) goes into
/// the invocation's headers with <see cref="DistributedContextPropagator.Current"/> (W3C <c>traceparent</c> and
/// <c>tracestate</c> by default), as Microsoft's client does, so the server continues the caller's trace.
/// </summary>
internal static class ClientActivitySource
{
    public const string Name = "HubFramework.Client";
    public const string InvocationActivityName = Name + ".InvocationOut";

    private static readonly ActivitySource Source = new(Name);

    /// <summary>Starts the client span of an invocation (null when nobody listens) and puts the trace context into its headers.</summary>
    public static Activity? StartInvocation(HubInvocationMessage message, string method, Uri url)
    {
        Activity? activity = null;
        if (Source.HasListeners())
        {
            activity = Source.CreateActivity(InvocationActivityName, ActivityKind.Client);
            if (activity is not null)
            {
                var service = HubName(url);
                activity.DisplayName = $"{service}/{method}";
                if (activity.IsAllDataRequested)
                {
                    activity.SetTag("rpc.system", "signalr");
                    activity.SetTag("rpc.service", service);
                    activity.SetTag("rpc.method", method);
                    activity.SetTag("server.address", url.Host);
                    activity.SetTag("server.port", url.Port);
                }

                activity.Start();
            }
        }

        if ((activity ?? Activity.Current) is { } propagated)
        {
            DistributedContextPropagator.Current.Inject(propagated, message, static (carrier, name, value) =>
            {
                var invocation = (HubInvocationMessage)carrier!;
                (invocation.Headers ??= new Dictionary<string, string>(StringComparer.Ordinal))[name] = value;
            });
        }

        return activity;
    }

    public static void Stop(Activity? activity, Exception? error)
    {
        if (activity is null)
        {
            return;
        }

        if (error is not null)
        {
            activity.SetStatus(ActivityStatusCode.Error, error.Message);
            activity.SetTag("error.type", error.GetType().FullName);
        }

        activity.Stop();
    }

    // The hub's name, as Microsoft's client reports it: the last segment of the hub URL's path.
    private static string HubName(Uri url)
    {
        var path = url.AbsolutePath.TrimEnd('/');
        var slash = path.LastIndexOf('/');
        return slash >= 0 ? path[(slash + 1)..] : path;
    }
}
