namespace HubFramework.Samples.Whiteboard;

/// <summary>The whiteboard's log messages (event ids 11000-11099).</summary>
public static partial class WhiteboardLog
{
    [LoggerMessage(11000, LogLevel.Warning, "Board {Board}: skipped log entry {Entry} ({Reason}).")]
    public static partial void UnreadableLogLine(ILogger logger, string board, long entry, string reason);

    [LoggerMessage(11001, LogLevel.Information, "Board {Board} compacted at version {Version} ({Items} items).")]
    public static partial void Compacted(ILogger logger, string board, long version, int items);

    [LoggerMessage(11002, LogLevel.Warning, "Board {Board} could not be compacted.")]
    public static partial void CompactionFailed(ILogger logger, string board, Exception exception);

    // 11003 was "presence could not be refreshed", from before boards were framework rooms; not reused.

    [LoggerMessage(11004, LogLevel.Information, "Connection {ConnectionId}: {Operation} on board {Board} refused: {Reason}")]
    public static partial void Rejected(ILogger logger, string connectionId, string operation, string board, string reason);

    [LoggerMessage(11005, LogLevel.Error, "Board {Board}: {Operation} failed.")]
    public static partial void StoreFailed(ILogger logger, string board, string operation, Exception exception);
}
