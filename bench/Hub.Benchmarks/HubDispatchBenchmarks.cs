using System.Text;
using BenchmarkDotNet.Attributes;
using HubFramework.Benchmarks.Support;

namespace HubFramework.Benchmarks;

/// <summary>
/// One hub method invocation through the whole hub layer, without sockets: the client's pre-encoded Invocation goes
/// into the connection's input pipe, the server parses it, binds and runs the method, and writes the Completion,
/// which the benchmark reads and discards. Ours (JSON and MessagePack) next to Microsoft's SignalR (JSON) in the
/// same process; each server is built from DI the way <c>MapHub</c> builds it.
/// </summary>
[MemoryDiagnoser]
public class HubDispatchBenchmarks
{
    private MicrosoftInMemoryServer _microsoft = default!;
    private HubFrameworkInMemoryServer _ours = default!;
    private ClientEnd _microsoftJson = default!;
    private ClientEnd _oursJson = default!;
    private ClientEnd _oursMessagePack = default!;
    private ReadOnlyMemory<byte> _jsonFrame;
    private ReadOnlyMemory<byte> _messagePackFrame;

    /// <summary>The hub method: no arguments and no result, one string echoed back, or two ints added.</summary>
    [Params("Nothing", "Echo", "Add")]
    public string Method { get; set; } = "Nothing";

    [GlobalSetup]
    public void Setup() => SetupAsync().GetAwaiter().GetResult();

    [GlobalCleanup]
    public void Cleanup()
    {
        _ours.DisposeAsync().AsTask().GetAwaiter().GetResult();
        _microsoft.DisposeAsync().AsTask().GetAwaiter().GetResult();
    }

    [Benchmark(Baseline = true, Description = "Microsoft SignalR, JSON")]
    public ValueTask MicrosoftJson() => _microsoftJson.RoundTripAsync(_jsonFrame);

    [Benchmark(Description = "HubFramework, JSON")]
    public ValueTask HubFrameworkJson() => _oursJson.RoundTripAsync(_jsonFrame);

    [Benchmark(Description = "HubFramework, MessagePack")]
    public ValueTask HubFrameworkMessagePack() => _oursMessagePack.RoundTripAsync(_messagePackFrame);

    private async Task SetupAsync()
    {
        _microsoft = new MicrosoftInMemoryServer();
        _ours = new HubFrameworkInMemoryServer();
        _microsoftJson = await _microsoft.ConnectAsync("json", binary: false);
        _oursJson = await _ours.ConnectAsync("json", binary: false);
        _oursMessagePack = await _ours.ConnectAsync("messagepack", binary: true);
        _jsonFrame = BenchmarkFrames.Invocation("json", Method);
        _messagePackFrame = BenchmarkFrames.Invocation("messagepack", Method);

        // Measure only invocations that do what they claim: check each server's answer once.
        CheckJson("Microsoft", await _microsoftJson.InvokeForCheckAsync(_jsonFrame));
        CheckJson("HubFramework", await _oursJson.InvokeForCheckAsync(_jsonFrame));
        CheckMessagePack(await _oursMessagePack.InvokeForCheckAsync(_messagePackFrame));
    }

    private void CheckJson(string server, byte[] completion)
    {
        var text = Encoding.UTF8.GetString(completion);
        // A void method's completion has no result, or (Microsoft's) "result":null.
        var expected = Method switch
        {
            "Echo" => $"\"result\":\"{BenchmarkFrames.EchoText}\"",
            "Add" => "\"result\":3",
            _ => "\"type\":3",
        };
        if (!text.Contains(expected, StringComparison.Ordinal) || text.Contains("\"error\"", StringComparison.Ordinal)
            || (Method == "Nothing" && text.Contains("\"result\":", StringComparison.Ordinal) && !text.Contains("\"result\":null", StringComparison.Ordinal)))
        {
            throw new InvalidOperationException($"{server} answered {Method} with {text}");
        }
    }

    private void CheckMessagePack(byte[] completion)
    {
        // A Completion ends with its result kind (2 = void, 3 = result) followed by the result itself; a void method
        // may also answer with result kind 3 and nil (0xc0), as Microsoft's server does.
        var ok = Method switch
        {
            "Nothing" => completion[^1] == 2 || (completion[^2] == 3 && completion[^1] == 0xc0),
            "Add" => completion[^2] == 3 && completion[^1] == 3,
            _ => completion.AsSpan().EndsWith(Encoding.UTF8.GetBytes(BenchmarkFrames.EchoText)),
        };
        if (!ok)
        {
            throw new InvalidOperationException($"HubFramework answered {Method} over MessagePack with {Convert.ToHexString(completion)}");
        }
    }
}
