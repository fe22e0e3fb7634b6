using HubFramework.Client;
using HubFramework.Samples.Whiteboard.Boards;
using HubFramework.Samples.Whiteboard.Bot;

// Joins a whiteboard by its address, says who is there, draws one shape (or a text) near the middle of the board, and
// leaves. Exit code 0 when the board accepted the drawing, 1 when it did not, 2 for a bad command line.
BotOptions options;
try
{
    options = BotOptions.Parse(args);
}
catch (ArgumentException ex)
{
    Console.Error.WriteLine($"Whiteboard.Bot: {ex.Message}");
    Console.Error.WriteLine(BotOptions.Usage);
    return 2;
}

using var timeout = new CancellationTokenSource(options.Timeout);
await using var connection = new HubConnectionBuilder().WithUrl(options.HubUrl).Build();
try
{
    await connection.StartAsync(timeout.Token);
    var joined = await connection.InvokeAsync<JoinResult>("Join", options.BoardId, options.Name, options.Color, 0L, timeout.Token);
    var others = joined.Participants.Where(p => p.ConnectionId != joined.Self.ConnectionId).Select(p => p.Name).ToArray();
    Console.WriteLine($"Joined board '{options.BoardId}' as {joined.Self.Name} ({joined.Board.Items?.Length ?? 0} items on it).");
    Console.WriteLine(others.Length == 0 ? "Nobody else is here." : $"Present: {string.Join(", ", others)}");

    var item = Shape(options);
    // Drawn the way a person draws: the cursor goes there, the others see the shape appear, then it is committed.
    await connection.SendAsync("Cursor", item.Points[0], item.Points[1], timeout.Token);
    await connection.SendAsync("Preview", item, timeout.Token);
    var version = await connection.InvokeAsync<long>(
        "Commit",
        new BoardOperation { OpId = $"bot-{Guid.NewGuid():N}", Kind = OperationKinds.Add, Items = [item] },
        timeout.Token);
    Console.WriteLine($"Drew a {options.Draw} (board version {version}).");
    await connection.StopAsync(timeout.Token);
    return 0;
}
catch (Exception ex) when (ex is not OutOfMemoryException)
{
    Console.Error.WriteLine($"Whiteboard.Bot: {(timeout.IsCancellationRequested ? $"gave up after {options.Timeout.TotalSeconds:0} s: " : "")}{ex.Message}");
    return 1;
}

// Board (0, 0) is the centre of a newly opened board's view, so "near the middle" is around the origin.
static BoardItem Shape(BotOptions options)
{
    var id = $"bot-{Guid.NewGuid():N}"[..24];
    return options.Draw switch
    {
        "ellipse" => new BoardItem { Id = id, Kind = ItemKinds.Ellipse, Color = options.Color, Width = 6, Points = [-120, -80, 120, 80] },
        "line" => new BoardItem { Id = id, Kind = ItemKinds.Line, Color = options.Color, Width = 6, Points = [-120, -80, 120, 80] },
        "text" => new BoardItem { Id = id, Kind = ItemKinds.Text, Color = options.Color, Width = 32, Points = [-120, -20], Text = options.Text },
        _ => new BoardItem { Id = id, Kind = ItemKinds.Rectangle, Color = options.Color, Width = 6, Points = [-120, -80, 120, 80] },
    };
}
