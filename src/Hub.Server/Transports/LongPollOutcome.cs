namespace HubFramework.Server.Transports;

/// <summary>How one long poll ended.</summary>
internal enum LongPollOutcome
{
    /// <summary>200 with pending bytes.</summary>
    Delivered,

    /// <summary>200 with no body: nothing arrived within the poll timeout.</summary>
    TimedOut,

    /// <summary>204: superseded by a newer poll, or the connection is ending.</summary>
    Stopped,

    /// <summary>204: the application finished and everything it wrote was delivered.</summary>
    ApplicationCompleted,

    /// <summary>The client went away; nothing could be answered.</summary>
    ClientGone,
}
