using BenchmarkDotNet.Attributes;
using HubFramework.Protocol.MessagePack;

namespace HubFramework.Benchmarks;

/// <summary>
/// <c>Clients.All.SendAsync</c> to 1000 in-memory connections over MessagePack (ours only: Microsoft's MessagePack
/// protocol is a separate package that is not available here).
/// </summary>
[MemoryDiagnoser]
public class MessagePackBroadcastBenchmarks
{
    private readonly object?[] _arguments = ["Hello, world! This is a chat message.", 42];
    private BroadcastFixture _fixture = default!;

    [Params(1000)]
    public int Connections { get; set; }

    [GlobalSetup]
    public void Setup() => _fixture = new BroadcastFixture(Connections, new MessagePackHubProtocol(), microsoftProtocol: null);

    [GlobalCleanup]
    public void Cleanup() => _fixture.Dispose();

    [Benchmark(Description = "HubFramework")]
    public Task HubFramework() => _fixture.BroadcastOursAsync("send", _arguments);
}
