namespace HubFramework.Samples.Whiteboard;

/// <summary>Limits and storage of the whiteboard; section "Whiteboard" of the configuration (e.g. <c>--Whiteboard:MaxItems=500</c>).</summary>
public sealed class WhiteboardOptions
{
    /// <summary>Where boards are kept on disk when no NATS server is configured (<c>--data</c> or <c>WHITEBOARD_DATA</c>).</summary>
    public string DataDirectory { get; set; } = "";

    /// <summary>Items on one board. Default 5,000.</summary>
    public int MaxItems { get; set; } = 5_000;

    /// <summary>Approximate stored size of one board in bytes (points count 8 bytes each). Default 800 KB, below NATS's default 1 MB message limit.</summary>
    public long MaxBoardBytes { get; set; } = 800_000;

    /// <summary>Points of one pen stroke. Default 4,000.</summary>
    public int MaxPointsPerItem { get; set; } = 4_000;

    /// <summary>Characters of one text item. Default 500.</summary>
    public int MaxTextLength { get; set; } = 500;

    /// <summary>Items in one operation (a clear or an undone clear carries many). Default 5,000.</summary>
    public int MaxItemsPerOperation { get; set; } = 5_000;

    /// <summary>Board changes one connection may make per second, with bursts of twice that. Default 20.</summary>
    public int OperationsPerSecond { get; set; } = 20;

    /// <summary>Stroke previews and cursor moves one connection may send per second before the extra ones are dropped (the page sends up to about 60). Default 120.</summary>
    public int LiveUpdatesPerSecond { get; set; } = 120;

    /// <summary>Recent changes kept in memory per board so that a reconnecting client catches up without a full reload. Default 500.</summary>
    public int RecentChanges { get; set; } = 500;

    /// <summary>Changes appended to a board's log before it is compacted into a snapshot. Default 500.</summary>
    public int CompactAfterChanges { get; set; } = 500;

    /// <summary>How long reading or storing a board may take before the client is told it failed. Default 10 s.</summary>
    public TimeSpan StoreTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Length of a display name. Default 40.</summary>
    public int MaxNameLength { get; set; } = 40;

    /// <summary>Checks every value; a bad one stops the app at start-up with the option's name.</summary>
    public void Validate()
    {
        Require(MaxItems >= 1, nameof(MaxItems), MaxItems);
        Require(MaxBoardBytes >= 1_000, nameof(MaxBoardBytes), MaxBoardBytes, "must be at least 1000");
        Require(MaxPointsPerItem >= 2, nameof(MaxPointsPerItem), MaxPointsPerItem, "must be at least 2");
        Require(MaxTextLength >= 1, nameof(MaxTextLength), MaxTextLength);
        Require(MaxItemsPerOperation >= 1, nameof(MaxItemsPerOperation), MaxItemsPerOperation);
        Require(OperationsPerSecond >= 1, nameof(OperationsPerSecond), OperationsPerSecond);
        Require(LiveUpdatesPerSecond >= 1, nameof(LiveUpdatesPerSecond), LiveUpdatesPerSecond);
        Require(RecentChanges >= 0, nameof(RecentChanges), RecentChanges, "must not be negative");
        Require(CompactAfterChanges >= 10, nameof(CompactAfterChanges), CompactAfterChanges, "must be at least 10");
        Require(MaxNameLength >= 1, nameof(MaxNameLength), MaxNameLength);
        Require(StoreTimeout > TimeSpan.Zero && StoreTimeout <= TimeSpan.FromMinutes(10), nameof(StoreTimeout), StoreTimeout, "must be between 0 and 10 minutes");
    }

    private static void Require(bool valid, string name, object value, string rule = "must be at least 1")
    {
        if (!valid)
        {
            throw new ArgumentOutOfRangeException(name, value, $"Whiteboard:{name} {rule} (was {value}).");
        }
    }
}
