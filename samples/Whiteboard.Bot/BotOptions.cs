namespace HubFramework.Samples.Whiteboard.Bot;

/// <summary>The bot's command line: <c>--board URL --name NAME --draw rectangle|ellipse|line|text [--text T] [--color #rrggbb]</c>.</summary>
public sealed class BotOptions
{
    public const string Usage =
        "usage: Whiteboard.Bot --board http://HOST:PORT/b/{id} [--name Bot] [--draw rectangle|ellipse|line|text] [--text \"hello\"] [--color #e03131] [--timeout 30]";

    public required Uri HubUrl { get; init; }

    public required string BoardId { get; init; }

    public string Name { get; init; } = "Bot";

    public string Draw { get; init; } = "rectangle";

    public string Text { get; init; } = "Hello from .NET";

    public string Color { get; init; } = "#e03131";

    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Parses the arguments; throws <see cref="ArgumentException"/> with a message for people.</summary>
    public static BotOptions Parse(string[] args)
    {
        var values = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < args.Length; i++)
        {
            if (!args[i].StartsWith("--", StringComparison.Ordinal) || i + 1 >= args.Length)
            {
                throw new ArgumentException($"unexpected argument '{args[i]}'");
            }

            values[args[i][2..]] = args[++i];
        }

        if (!values.TryGetValue("board", out var board) || !Uri.TryCreate(board, UriKind.Absolute, out var boardUrl)
            || boardUrl.Scheme is not ("http" or "https"))
        {
            throw new ArgumentException("--board needs the board's address, e.g. http://127.0.0.1:5000/b/my-board");
        }

        var segments = boardUrl.AbsolutePath.Trim('/').Split('/');
        if (segments.Length < 2 || segments[^2] != "b" || segments[^1].Length == 0)
        {
            throw new ArgumentException($"'{board}' is not a board address: it should end in /b/{{id}}");
        }

        var basePath = string.Join('/', segments[..^2]);
        var hubUrl = new UriBuilder(boardUrl) { Path = (basePath.Length > 0 ? "/" + basePath : "") + "/hubs/whiteboard", Query = "" }.Uri;
        var draw = values.GetValueOrDefault("draw", "rectangle").ToLowerInvariant();
        if (draw is not ("rectangle" or "ellipse" or "line" or "text"))
        {
            throw new ArgumentException($"--draw must be rectangle, ellipse, line or text (was '{draw}')");
        }

        var timeout = values.TryGetValue("timeout", out var t) && int.TryParse(t, out var seconds) && seconds > 0 ? TimeSpan.FromSeconds(seconds) : TimeSpan.FromSeconds(30);
        return new BotOptions
        {
            HubUrl = hubUrl,
            BoardId = Uri.UnescapeDataString(segments[^1]),
            Name = values.GetValueOrDefault("name", "Bot"),
            Draw = draw,
            Text = values.GetValueOrDefault("text", "Hello from .NET"),
            Color = values.GetValueOrDefault("color", "#e03131"),
            Timeout = timeout,
        };
    }
}
