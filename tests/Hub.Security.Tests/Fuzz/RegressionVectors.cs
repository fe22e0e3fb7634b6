namespace HubFramework.Security.Tests.Fuzz;

/// <summary>
/// Inputs a fuzzer once found a problem with, replayed before every run: <c>Fuzz/Regressions/{target}.txt</c>, one
/// input per line as hex (optionally followed by a space and the chunk size); <c>#</c> starts a comment.
/// </summary>
internal static class RegressionVectors
{
    public static IEnumerable<FuzzCase> For(string target)
    {
        var path = Path.Combine(AppContext.BaseDirectory, "Fuzz", "Regressions", target + ".txt");
        if (!File.Exists(path))
        {
            yield break;
        }

        foreach (var raw in File.ReadLines(path))
        {
            var line = raw.Trim();
            if (line.Length == 0 || line.StartsWith('#'))
            {
                continue;
            }

            var parts = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            var bytes = parts[0] == "-" ? [] : Convert.FromHexString(parts[0]);
            var chunk = parts.Length > 1 ? int.Parse(parts[1], System.Globalization.CultureInfo.InvariantCulture) : Math.Max(1, bytes.Length);
            yield return new FuzzCase(bytes, chunk);
        }
    }
}
