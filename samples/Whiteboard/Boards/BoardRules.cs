using System.Text.RegularExpressions;

namespace HubFramework.Samples.Whiteboard.Boards;

/// <summary>What a board accepts: every operation is checked here before it is numbered and stored.</summary>
public sealed partial class BoardRules(WhiteboardOptions options)
{
    private const double MaxCoordinate = 1_000_000;

    public WhiteboardOptions Options { get; } = options;

    public BoardLimits Limits => new()
    {
        MaxItems = Options.MaxItems,
        MaxBoardBytes = Options.MaxBoardBytes,
        MaxPointsPerItem = Options.MaxPointsPerItem,
        MaxTextLength = Options.MaxTextLength,
        OperationsPerSecond = Options.OperationsPerSecond,
    };

    public static bool IsValidBoardId(string? id) => id is not null && BoardIdPattern().IsMatch(id);

    public static bool IsValidColor(string? color) => color is not null && ColorPattern().IsMatch(color);

    /// <summary>Throws <see cref="BoardRejectedException"/> unless <paramref name="operation"/> may be applied to <paramref name="board"/>.</summary>
    public void Check(Board board, BoardOperation operation)
    {
        if (operation is null)
        {
            throw new BoardRejectedException("The operation is missing.");
        }

        if (!IsValidId(operation.OpId))
        {
            throw new BoardRejectedException("The operation needs an opId of 1 to 64 letters, digits, '-', '_', ':' or '.'.");
        }

        switch (operation.Kind)
        {
            case OperationKinds.Add:
                CheckAdd(board, operation.Items);
                break;
            case OperationKinds.Remove or OperationKinds.Clear:
                CheckCount(operation.Ids, "ids");
                foreach (var id in operation.Ids!)
                {
                    if (!IsValidId(id))
                    {
                        throw new BoardRejectedException("An item id must be 1 to 64 letters, digits, '-', '_', ':' or '.'.");
                    }
                }

                break;
            case OperationKinds.Move:
                CheckCount(operation.Moves, "moves");
                foreach (var move in operation.Moves!)
                {
                    if (move is null || !IsValidId(move.Id) || !IsCoordinate(move.Dx) || !IsCoordinate(move.Dy))
                    {
                        throw new BoardRejectedException("A move needs a valid item id and finite offsets.");
                    }
                }

                break;
            default:
                throw new BoardRejectedException($"Unknown operation '{Shorten(operation.Kind)}': use add, remove, move or clear.");
        }
    }

    /// <summary>Throws unless <paramref name="item"/> is well-formed (used for previews too).</summary>
    public void CheckItem(BoardItem? item)
    {
        if (item is null)
        {
            throw new BoardRejectedException("An item is missing.");
        }

        if (!IsValidId(item.Id))
        {
            throw new BoardRejectedException("An item id must be 1 to 64 letters, digits, '-', '_', ':' or '.'.");
        }

        if (!ItemKinds.IsKnown(item.Kind))
        {
            throw new BoardRejectedException($"Unknown item kind '{Shorten(item.Kind)}': use pen, line, arrow, rect, ellipse or text.");
        }

        if (!IsValidColor(item.Color))
        {
            throw new BoardRejectedException("An item's colour must look like #1e88e5.");
        }

        if (!double.IsFinite(item.Width) || item.Width < 0.5 || item.Width > 200)
        {
            throw new BoardRejectedException("An item's width must be between 0.5 and 200.");
        }

        var points = item.Points ?? throw new BoardRejectedException("An item needs points.");
        switch (item.Kind)
        {
            case ItemKinds.Pen when points.Length < 3 || points.Length % 3 != 0:
                throw new BoardRejectedException("A pen stroke's points are x, y, pressure triples (at least one).");
            case ItemKinds.Pen when points.Length / 3 > Options.MaxPointsPerItem:
                throw new BoardRejectedException($"A stroke may have at most {Options.MaxPointsPerItem} points; this one has {points.Length / 3}. Draw it in several strokes.");
            case ItemKinds.Line or ItemKinds.Arrow or ItemKinds.Rectangle or ItemKinds.Ellipse when points.Length != 4:
                throw new BoardRejectedException("A line, arrow, rectangle or ellipse has exactly two corners: x1, y1, x2, y2.");
            case ItemKinds.Text when points.Length != 2:
                throw new BoardRejectedException("A text item has one position: x, y.");
            case ItemKinds.Text when string.IsNullOrWhiteSpace(item.Text):
                throw new BoardRejectedException("A text item needs some text.");
            case ItemKinds.Text when item.Text!.Length > Options.MaxTextLength:
                throw new BoardRejectedException($"A text may have at most {Options.MaxTextLength} characters.");
        }

        foreach (var value in points)
        {
            if (!IsCoordinate(value))
            {
                throw new BoardRejectedException("Every coordinate must be a finite number within ±1,000,000.");
            }
        }

        if (!IsCoordinate(item.Dx) || !IsCoordinate(item.Dy))
        {
            throw new BoardRejectedException("An item's offset must be finite.");
        }
    }

    private void CheckAdd(Board board, BoardItem[]? items)
    {
        CheckCount(items, "items");
        var count = board.Count;
        var bytes = board.Bytes;
        var ids = new HashSet<string>(StringComparer.Ordinal);
        foreach (var item in items!)
        {
            CheckItem(item);
            if (!ids.Add(item.Id))
            {
                throw new BoardRejectedException($"Item '{item.Id}' appears twice in one operation.");
            }

            if (board.TryGet(item.Id, out var existing))
            {
                bytes -= Board.SizeOf(existing);
            }
            else
            {
                count++;
            }

            bytes += Board.SizeOf(item);
        }

        if (count > Options.MaxItems || bytes > Options.MaxBoardBytes)
        {
            throw new BoardRejectedException(
                $"This board is full (at most {Options.MaxItems:N0} items and {Options.MaxBoardBytes / 1000:N0} KB of drawing). Erase something or start a new board.");
        }
    }

    private void CheckCount<T>(T[]? values, string name)
    {
        if (values is null || values.Length == 0)
        {
            throw new BoardRejectedException($"The operation needs {name}.");
        }

        if (values.Length > Options.MaxItemsPerOperation)
        {
            throw new BoardRejectedException($"One operation may carry at most {Options.MaxItemsPerOperation:N0} {name}.");
        }
    }

    private static bool IsCoordinate(double value) => double.IsFinite(value) && Math.Abs(value) <= MaxCoordinate;

    private static bool IsValidId(string? id) => id is not null && ItemIdPattern().IsMatch(id);

    private static string Shorten(string? value) => value is null ? "" : value.Length <= 20 ? value : value[..20] + "…";

    [GeneratedRegex("^[A-Za-z0-9_-]{1,64}$")]
    private static partial Regex BoardIdPattern();

    [GeneratedRegex("^[A-Za-z0-9_.:-]{1,64}$")]
    private static partial Regex ItemIdPattern();

    [GeneratedRegex("^#[0-9a-fA-F]{6}$")]
    private static partial Regex ColorPattern();
}
