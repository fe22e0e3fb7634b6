using System.Runtime.Serialization;

namespace HubFramework.Samples.Whiteboard.Boards;

// The wire shapes of the whiteboard hub, shared by the server and the .NET bot (linked there); the browser's twin is
// client/src/protocol.ts. Property names go out camelCase in both JSON (the hub's naming policy) and MessagePack (the
// DataMember names: the MessagePack package writes member names as they are, like Microsoft's protocol).

/// <summary>One thing drawn on a board. Coordinates are board (world) units; (0, 0) is where a new board's view is centred.</summary>
[DataContract]
public sealed class BoardItem
{
    /// <summary>Chosen by the client that drew it (unique per board); a second add with the same id replaces it.</summary>
    [DataMember(Name = "id")]
    public string Id { get; set; } = "";

    /// <summary>One of <see cref="ItemKinds"/>.</summary>
    [DataMember(Name = "kind")]
    public string Kind { get; set; } = "";

    /// <summary>CSS colour <c>#rrggbb</c>.</summary>
    [DataMember(Name = "color")]
    public string Color { get; set; } = "";

    /// <summary>Stroke width, or the font size of text.</summary>
    [DataMember(Name = "width")]
    public double Width { get; set; }

    /// <summary>
    /// Flat coordinates: pen strokes <c>x, y, pressure</c> per point; line and arrow their ends (from, to), rectangle and ellipse their two corners
    /// <c>x1, y1, x2, y2</c>; text its top-left corner <c>x, y</c>.
    /// </summary>
    [DataMember(Name = "points")]
    public double[] Points { get; set; } = [];

    /// <summary>The text of a text item.</summary>
    [DataMember(Name = "text")]
    public string? Text { get; set; }

    /// <summary>Offset applied by moves (absolute, so replaying a move twice is harmless).</summary>
    [DataMember(Name = "dx")]
    public double Dx { get; set; }

    /// <summary>Vertical offset applied by moves.</summary>
    [DataMember(Name = "dy")]
    public double Dy { get; set; }

    /// <summary>The display name of whoever drew it (set by the server).</summary>
    [DataMember(Name = "author")]
    public string? Author { get; set; }
}

/// <summary>The kinds of <see cref="BoardItem"/>.</summary>
public static class ItemKinds
{
    public const string Pen = "pen";
    public const string Line = "line";
    public const string Arrow = "arrow";
    public const string Rectangle = "rect";
    public const string Ellipse = "ellipse";
    public const string Text = "text";

    public static bool IsKnown(string? kind) => kind is Pen or Line or Arrow or Rectangle or Ellipse or Text;
}

/// <summary>A new offset for an item.</summary>
[DataContract]
public sealed class ItemMove
{
    [DataMember(Name = "id")]
    public string Id { get; set; } = "";

    [DataMember(Name = "dx")]
    public double Dx { get; set; }

    [DataMember(Name = "dy")]
    public double Dy { get; set; }
}

/// <summary>What a client asks to change. Undo and redo are ordinary operations (the inverse of the original).</summary>
[DataContract]
public sealed class BoardOperation
{
    /// <summary>Chosen by the client, unique per client; a repeated id (a resend after reconnecting) is applied once.</summary>
    [DataMember(Name = "opId")]
    public string OpId { get; set; } = "";

    /// <summary>One of <see cref="OperationKinds"/>.</summary>
    [DataMember(Name = "kind")]
    public string Kind { get; set; } = "";

    /// <summary>For <c>add</c>: the items to add (or to put back).</summary>
    [DataMember(Name = "items")]
    public BoardItem[]? Items { get; set; }

    /// <summary>For <c>remove</c> and <c>clear</c>: the items to remove.</summary>
    [DataMember(Name = "ids")]
    public string[]? Ids { get; set; }

    /// <summary>For <c>move</c>: new offsets.</summary>
    [DataMember(Name = "moves")]
    public ItemMove[]? Moves { get; set; }
}

/// <summary>The kinds of <see cref="BoardOperation"/>.</summary>
public static class OperationKinds
{
    public const string Add = "add";
    public const string Remove = "remove";
    public const string Move = "move";

    /// <summary>A remove of everything the client saw, shown to the others as "cleared the board".</summary>
    public const string Clear = "clear";
}

/// <summary>An accepted operation, numbered: a board's changes have versions 1, 2, 3… without gaps.</summary>
[DataContract]
public sealed class BoardChange
{
    [DataMember(Name = "version")]
    public long Version { get; set; }

    [DataMember(Name = "opId")]
    public string OpId { get; set; } = "";

    [DataMember(Name = "kind")]
    public string Kind { get; set; } = "";

    [DataMember(Name = "items")]
    public BoardItem[]? Items { get; set; }

    [DataMember(Name = "ids")]
    public string[]? Ids { get; set; }

    [DataMember(Name = "moves")]
    public ItemMove[]? Moves { get; set; }

    /// <summary>The participant who made the change (display name).</summary>
    [DataMember(Name = "by")]
    public string? By { get; set; }

    /// <summary>The connection that made the change, so that it can recognise its own.</summary>
    [DataMember(Name = "connectionId")]
    public string? ConnectionId { get; set; }
}

/// <summary>A board's state at <see cref="Version"/>, or the changes after a version the client already has.</summary>
[DataContract]
public sealed class BoardSync
{
    [DataMember(Name = "version")]
    public long Version { get; set; }

    /// <summary>Every item, in drawing order; null when <see cref="Changes"/> brings the client up to date instead.</summary>
    [DataMember(Name = "items")]
    public BoardItem[]? Items { get; set; }

    /// <summary>The changes after the client's version, when the server still has them all.</summary>
    [DataMember(Name = "changes")]
    public BoardChange[]? Changes { get; set; }
}

/// <summary>Someone on a board.</summary>
[DataContract]
public sealed class Participant
{
    [DataMember(Name = "connectionId")]
    public string ConnectionId { get; set; } = "";

    [DataMember(Name = "name")]
    public string Name { get; set; } = "";

    [DataMember(Name = "color")]
    public string Color { get; set; } = "";
}

/// <summary>The answer to <c>Join</c>.</summary>
[DataContract]
public sealed class JoinResult
{
    [DataMember(Name = "self")]
    public Participant Self { get; set; } = new();

    [DataMember(Name = "participants")]
    public Participant[] Participants { get; set; } = [];

    [DataMember(Name = "board")]
    public BoardSync Board { get; set; } = new();

    [DataMember(Name = "limits")]
    public BoardLimits Limits { get; set; } = new();
}

/// <summary>The bounds a client should respect (it gets a clear error when it does not).</summary>
[DataContract]
public sealed class BoardLimits
{
    [DataMember(Name = "maxItems")]
    public int MaxItems { get; set; }

    [DataMember(Name = "maxBoardBytes")]
    public long MaxBoardBytes { get; set; }

    [DataMember(Name = "maxPointsPerItem")]
    public int MaxPointsPerItem { get; set; }

    [DataMember(Name = "maxTextLength")]
    public int MaxTextLength { get; set; }

    [DataMember(Name = "operationsPerSecond")]
    public int OperationsPerSecond { get; set; }
}

/// <summary>A stroke or shape while it is being drawn (sent about 30 times a second, the latest replaces earlier ones).</summary>
[DataContract]
public sealed class StrokePreview
{
    [DataMember(Name = "item")]
    public BoardItem Item { get; set; } = new();
}
