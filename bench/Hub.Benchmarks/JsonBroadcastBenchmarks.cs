using BenchmarkDotNet.Attributes;
using HubFramework.Protocol.Json;
using MsProtocol = Microsoft.AspNetCore.SignalR.Protocol;

namespace HubFramework.Benchmarks;

/// <summary>
/// <c>Clients.All.SendAsync</c> to 1000 in-memory connections over JSON, ours next to Microsoft's SignalR in the same
/// process. An operation ends when every connection has written and flushed the message into its pipe.
/// </summary>
[MemoryDiagnoser]
public class JsonBroadcastBenchmarks
{
    private readonly object?[] _arguments = ["Hello, world! This is a chat message.", 42];
    private BroadcastFixture _fixture = default!;

    [Params(1000)]
    public int Connections { get; set; }

    [GlobalSetup]
    public void Setup() => _fixture = new BroadcastFixture(Connections, new JsonHubProtocol(), new MsProtocol.JsonHubProtocol());

    [GlobalCleanup]
    public void Cleanup() => _fixture.Dispose();

    [Benchmark(Baseline = true, Description = "Microsoft SignalR")]
    public Task Microsoft() => _fixture.Microsoft!.SendAllAsync("send", _arguments);

    [Benchmark(Description = "HubFramework")]
    public Task HubFramework() => _fixture.BroadcastOursAsync("send", _arguments);
}
