namespace HubFramework.Protocol;

/// <summary>The transports, as flags for options that allow several.</summary>
[Flags]
public enum HttpTransportType
{
    /// <summary>None.</summary>
    None = 0,
    /// <summary>WebSockets.</summary>
    WebSockets = 1,
    /// <summary>Server-Sent Events.</summary>
    ServerSentEvents = 2,
    /// <summary>Long polling.</summary>
    LongPolling = 4,
    /// <summary>All three.</summary>
    All = WebSockets | ServerSentEvents | LongPolling,
}
