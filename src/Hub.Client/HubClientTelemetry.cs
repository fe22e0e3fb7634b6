namespace HubFramework.Client;

/// <summary>The names to give OpenTelemetry (<c>AddMeter</c>, <c>AddSource</c>) to see the client's metrics and traces.</summary>
public static class HubClientTelemetry
{
    /// <summary>The client's meter.</summary>
    public const string MeterName = ClientMetrics.MeterName;

    /// <summary>The client's activity source (the name of Microsoft's .NET SignalR client): a span per invocation.</summary>
    public const string ActivitySourceName = ClientActivitySource.Name;
}
