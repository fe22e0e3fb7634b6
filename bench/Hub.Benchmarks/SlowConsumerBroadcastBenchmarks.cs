using BenchmarkDotNet.Attributes;
using HubFramework.Protocol.Json;
using HubFramework.Server.Hubs.Outbound;

namespace HubFramework.Benchmarks;

/// <summary>
/// A broadcast to 200 in-memory connections (JSON, 1 KB payload) with none or one of them stalled (its pipe full and
/// never read), under each slow-consumer policy: the cost of a broadcast must not depend on the stalled client.
/// Microsoft's lifetime manager is not measured here: it awaits every connection's flush, so with a stalled pipe its
/// SendAllAsync stops completing (about 64 KB after the client stopped reading).
/// </summary>
[MemoryDiagnoser]
public class SlowConsumerBroadcastBenchmarks
{
    private readonly object?[] _arguments = [new string('x', 1024)];
    private BroadcastFixture _fixture = default!;
    private SendOptions? _options;

    [Params(0, 1)]
    public int Stalled { get; set; }

    [Params(SlowConsumerPolicy.Disconnect, SlowConsumerPolicy.DropOldest, SlowConsumerPolicy.CoalesceByKey)]
    public SlowConsumerPolicy Policy { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _fixture = new BroadcastFixture(200, new JsonHubProtocol(), microsoftProtocol: null, o => o.OutboundQueue.Policy = Policy, Stalled);
        _options = Policy == SlowConsumerPolicy.CoalesceByKey ? SendOptions.Coalesce("position") : null;
    }

    [GlobalCleanup]
    public void Cleanup() => _fixture.Dispose();

    [Benchmark(Description = "Broadcast to 200")]
    public Task Broadcast() => _fixture.BroadcastOursAsync("position", _arguments, _options);
}
