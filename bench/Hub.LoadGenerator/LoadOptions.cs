using System.Globalization;

namespace HubFramework.LoadGenerator;

/// <summary>Command-line settings of one load run; every value has a default so a bare run is meaningful.</summary>
internal sealed record LoadOptions
{
    public required Uri HubUrl { get; init; }
    public required string Scenario { get; init; }
    public string Label { get; init; } = "server";
    public int Connections { get; init; }
    public TimeSpan Duration { get; init; } = TimeSpan.FromSeconds(10);
    public TimeSpan Warmup { get; init; } = TimeSpan.FromSeconds(3);
    public int InFlight { get; init; } = 1;
    public int PayloadBytes { get; init; } = 32;
    public int Stalled { get; init; } = 1;
    public int ConnectConcurrency { get; init; } = 32;
    public bool SkipNegotiate { get; init; }
    public WireProtocol Protocol { get; init; } = WireProtocol.Json;
    public int? ServerPid { get; init; }

    public static readonly string Usage = """
        usage: Hub.LoadGenerator --url http://127.0.0.1:5000/hubs/interop --scenario echo|broadcast|group|idle [options]
               Hub.LoadGenerator report <results.jsonl> [--markdown]
          --label NAME          name of the server in the results (ours, microsoft)
          --connections N       echo/broadcast 100, group 200, idle 2000
          --duration S          measured seconds (default 10)
          --warmup S            unmeasured seconds before measuring (default 3; group 5)
          --inflight K          echo: calls in flight per connection (default 1);
                                broadcast/group: broadcasts not yet delivered to every receiver (default 16)
          --payload BYTES       message size (default 32; group 1024 so a stalled reader fills its socket fast)
          --stalled K           group: members that never read (default 1)
          --connect-concurrency connections opened at once (default 32)
          --protocol NAME       hub protocol: json (default) or messagepack
          --skip-negotiate      connect the WebSocket directly, as skipNegotiation does
          --server-pid PID      server process whose memory (VmRSS) and CPU time are read from /proc
        """;

    public static LoadOptions Parse(string[] args)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        var flags = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < args.Length; i++)
        {
            var name = args[i];
            if (!name.StartsWith("--", StringComparison.Ordinal))
            {
                throw new ArgumentException($"unexpected argument '{name}'");
            }

            if (name == "--skip-negotiate")
            {
                flags.Add(name);
                continue;
            }

            if (i + 1 >= args.Length)
            {
                throw new ArgumentException($"{name} needs a value");
            }

            values[name] = args[++i];
        }

        var scenario = Value(values, "--scenario") ?? throw new ArgumentException("--scenario is required");
        if (scenario is not ("echo" or "broadcast" or "group" or "idle"))
        {
            throw new ArgumentException($"unknown scenario '{scenario}'");
        }

        var url = Value(values, "--url") ?? throw new ArgumentException("--url is required");
        var known = new[] { "--scenario", "--url", "--label", "--connections", "--duration", "--warmup", "--inflight", "--payload", "--stalled", "--connect-concurrency", "--server-pid", "--protocol" };
        foreach (var key in values.Keys)
        {
            if (Array.IndexOf(known, key) < 0)
            {
                throw new ArgumentException($"unknown option '{key}'");
            }
        }

        var isGroup = scenario == "group";
        return new LoadOptions
        {
            HubUrl = new Uri(url, UriKind.Absolute),
            Scenario = scenario,
            Label = Value(values, "--label") ?? "server",
            Connections = Int(values, "--connections", scenario switch { "idle" => 2000, "group" => 200, _ => 100 }, 1, 100_000),
            Duration = TimeSpan.FromSeconds(Int(values, "--duration", 10, 1, 3600)),
            Warmup = TimeSpan.FromSeconds(Int(values, "--warmup", isGroup ? 5 : 3, 0, 600)),
            InFlight = Int(values, "--inflight", scenario == "echo" ? 1 : 16, 1, 10_000),
            PayloadBytes = Int(values, "--payload", isGroup ? 1024 : 32, 0, 1 << 20),
            Stalled = Int(values, "--stalled", 1, 0, 100_000),
            ConnectConcurrency = Int(values, "--connect-concurrency", 32, 1, 10_000),
            SkipNegotiate = flags.Contains("--skip-negotiate"),
            Protocol = WireProtocol.Parse(Value(values, "--protocol") ?? "json"),
            ServerPid = values.ContainsKey("--server-pid") ? Int(values, "--server-pid", 0, 1, int.MaxValue) : null,
        };
    }

    private static string? Value(Dictionary<string, string> values, string name) => values.TryGetValue(name, out var v) ? v : null;

    private static int Int(Dictionary<string, string> values, string name, int fallback, int min, int max)
    {
        if (!values.TryGetValue(name, out var text))
        {
            return fallback;
        }

        if (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) || value < min || value > max)
        {
            throw new ArgumentException($"{name} must be an integer from {min} to {max}, got '{text}'");
        }

        return value;
    }
}
