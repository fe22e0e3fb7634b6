using HubFramework.LoadGenerator;

// A load generator for SignalR-compatible hubs (JSON or MessagePack protocol over WebSockets). See bench/README.md.
if (args.Length > 0 && args[0] == "report")
{
    if (args.Length < 2)
    {
        Console.Error.WriteLine(LoadOptions.Usage);
        return 2;
    }

    return ResultReport.Print(args[1], args.Contains("--markdown"), Console.Out);
}

LoadOptions options;
try
{
    options = LoadOptions.Parse(args);
}
catch (ArgumentException ex)
{
    Console.Error.WriteLine(ex.Message);
    Console.Error.WriteLine(LoadOptions.Usage);
    return 2;
}

// Every run is bounded: set-up, warm-up, window, drain and close all fit well inside this.
using var cancel = new CancellationTokenSource(options.Warmup + options.Duration + TimeSpan.FromMinutes(3));
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    cancel.Cancel();
};

using var endpoint = new HubEndpoint(options.HubUrl, options.SkipNegotiate, options.Protocol);
var server = new ServerProcess(options.ServerPid);
try
{
    var result = options.Scenario switch
    {
        "echo" => await EchoScenario.RunAsync(options, endpoint, server, cancel.Token),
        "broadcast" => await BroadcastScenario.RunAsync(options, endpoint, server, toGroup: false, cancel.Token),
        "group" => await BroadcastScenario.RunAsync(options, endpoint, server, toGroup: true, cancel.Token),
        _ => await IdleScenario.RunAsync(options, endpoint, server, cancel.Token),
    };
    Console.WriteLine(result.ToJsonLine());
    Console.Error.WriteLine(result.ToHumanLine());
    return 0;
}
catch (Exception ex)
{
    var failed = new ScenarioResult(options).Set("error", ex.GetType().Name + ": " + ex.Message);
    Console.WriteLine(failed.ToJsonLine());
    Console.Error.WriteLine($"{options.Label}/{options.Scenario} failed: {ex.GetType().Name}: {ex.Message}");
    return 1;
}
