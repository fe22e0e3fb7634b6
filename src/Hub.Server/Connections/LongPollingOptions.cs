namespace HubFramework.Server.Connections;

/// <summary>Long polling settings of a connection endpoint.</summary>
public sealed class LongPollingOptions
{
    /// <summary>How long a poll waits for data before returning an empty 200 (the client then polls again). Default: 90 s.</summary>
    public TimeSpan PollTimeout { get; set; } = TimeSpan.FromSeconds(90);
}
