using System.Globalization;
using System.Text;
using System.Text.Json;

namespace HubFramework.LoadGenerator;

/// <summary>
/// Turns the JSON lines of a run into the side-by-side table: for each scenario's headline figures, the median
/// over repeats for each server and ours ÷ Microsoft's.
/// </summary>
internal static class ResultReport
{
    public const string Ours = "ours";
    public const string Microsoft = "microsoft";

    private static readonly (string Scenario, string Field, string Title, bool HigherIsBetter)[] Figures =
    [
        ("echo", "invocations_per_s", "echo: invocations/s", true),
        ("echo", "p50_us", "echo: p50 latency (µs)", false),
        ("echo", "p99_us", "echo: p99 latency (µs)", false),
        ("echo", "server_cpu_us_per_op", "echo: server CPU per invocation (µs)", false),
        ("broadcast", "deliveries_per_s", "broadcast: deliveries/s", true),
        ("broadcast", "p50_us", "broadcast: p50 delivery latency (µs)", false),
        ("broadcast", "p99_us", "broadcast: p99 delivery latency (µs)", false),
        ("broadcast", "server_cpu_us_per_delivery", "broadcast: server CPU per delivery (µs)", false),
        ("idle", "bytes_per_connection", "idle: server memory per connection (bytes)", false),
        ("idle", "connects_per_s", "idle: connections opened/s", true),
        ("group", "deliveries_per_s", "slow consumer: deliveries/s to the readers", true),
        ("group", "p99_us", "slow consumer: p99 delivery latency (µs)", false),
        ("group", "server_rss_end_mb", "slow consumer: server RSS at end (MB)", false),
    ];

    public static int Print(string path, bool markdown, TextWriter output)
    {
        var rows = new List<JsonElement>();
        foreach (var line in File.ReadLines(path))
        {
            if (line.StartsWith('{'))
            {
                rows.Add(JsonDocument.Parse(line).RootElement.Clone());
            }
        }

        var table = new List<string[]> { new[] { "figure", Ours, "Microsoft", "ours ÷ Microsoft's", "better is" } };
        foreach (var (scenario, field, title, higherIsBetter) in Figures)
        {
            var ours = Median(rows, Ours, scenario, field);
            var theirs = Median(rows, Microsoft, scenario, field);
            if (ours is null && theirs is null && !rows.Any(r => Text(r, "scenario") == scenario))
            {
                continue;
            }

            var ratio = (ours, theirs) switch
            {
                ({ } o, { } t) when t != 0 => (o / t).ToString(o / t < 0.1 ? "0.####" : "0.00", CultureInfo.InvariantCulture),
                ( > 0, 0) => "∞",
                _ => "-",
            };
            table.Add([title, Format(ours), Format(theirs), ratio, higherIsBetter ? "higher" : "lower"]);
        }

        Write(table, markdown, output);
        var windows = rows.Where(r => r.TryGetProperty("other_cpu_s", out var v) && v.ValueKind == JsonValueKind.Number).ToArray();
        if (windows.Length > 0)
        {
            // A clean run has this near zero; a large share means the figures were taken on a busy machine.
            var other = windows.Sum(r => r.GetProperty("other_cpu_s").GetDouble());
            var wall = windows.Sum(r => r.GetProperty("measured_s").GetDouble());
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"CPU used by other processes during the measured windows: {other:0.0} s over {wall:0.0} s of wall time ({other / wall:0.00} cores on average)."));
        }

        foreach (var failed in rows.Where(r => r.TryGetProperty("error", out _)))
        {
            output.WriteLine($"FAILED {failed.GetProperty("label")} {failed.GetProperty("scenario")}: {failed.GetProperty("error")}");
        }

        return 0;
    }

    private static double? Median(List<JsonElement> rows, string label, string scenario, string field)
    {
        var values = rows
            .Where(r => Text(r, "label") == label && Text(r, "scenario") == scenario && !r.TryGetProperty("error", out _))
            .Select(r => r.TryGetProperty(field, out var v) && v.ValueKind == JsonValueKind.Number ? v.GetDouble() : (double?)null)
            .Where(v => v is not null)
            .Select(v => v!.Value)
            .Order()
            .ToArray();
        if (values.Length == 0)
        {
            return null;
        }

        var middle = values.Length / 2;
        return values.Length % 2 == 1 ? values[middle] : (values[middle - 1] + values[middle]) / 2;
    }

    private static string? Text(JsonElement row, string name) => row.TryGetProperty(name, out var v) ? v.GetString() : null;

    private static string Format(double? value) => value switch
    {
        null => "-",
        >= 100 => value.Value.ToString("#,0", CultureInfo.InvariantCulture),
        _ => value.Value.ToString("0.##", CultureInfo.InvariantCulture),
    };

    private static void Write(List<string[]> table, bool markdown, TextWriter output)
    {
        if (markdown)
        {
            foreach (var (row, index) in table.Select((r, i) => (r, i)))
            {
                output.WriteLine("| " + string.Join(" | ", row) + " |");
                if (index == 0)
                {
                    output.WriteLine("| " + string.Join(" | ", row.Select((_, c) => c == 0 ? "---" : "---:")) + " |");
                }
            }

            return;
        }

        var widths = Enumerable.Range(0, table[0].Length).Select(c => table.Max(r => r[c].Length)).ToArray();
        foreach (var row in table)
        {
            var line = new StringBuilder();
            for (var c = 0; c < row.Length; c++)
            {
                line.Append(c == 0 ? row[c].PadRight(widths[c]) : row[c].PadLeft(widths[c])).Append("  ");
            }

            output.WriteLine(line.ToString().TrimEnd());
        }
    }
}
