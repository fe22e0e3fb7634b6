namespace HubFramework.Protocol;

/// <summary>Transport names as they appear in the negotiate response.</summary>
public static class TransportNames
{
    /// <summary>WebSockets.</summary>
    public const string WebSockets = "WebSockets";
    /// <summary>Server-Sent Events (+ POST for sends).</summary>
    public const string ServerSentEvents = "ServerSentEvents";
    /// <summary>Long polling (+ POST for sends).</summary>
    public const string LongPolling = "LongPolling";
}
