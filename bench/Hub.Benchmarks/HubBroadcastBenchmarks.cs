using BenchmarkDotNet.Attributes;
using HubFramework.Benchmarks.Support;

namespace HubFramework.Benchmarks;

/// <summary>
/// <c>Clients.All.SendAsync</c> to 1, 100 and 1000 in-memory connections over JSON, ours next to Microsoft's SignalR.
/// Every connection went through the server's real connection handler (handshake, one invocation answered, so it is
/// registered with the lifetime manager), and a background loop per connection reads and discards what arrives. One
/// operation lasts until every connection has received the message: our send returns once the message is queued,
/// Microsoft's once it is written, so waiting for delivery is what makes the two comparable.
/// </summary>
[MemoryDiagnoser]
public class HubBroadcastBenchmarks
{
    private readonly object?[] _arguments = [BenchmarkFrames.EchoText, 42];
    private MicrosoftInMemoryServer _microsoft = default!;
    private HubFrameworkInMemoryServer _ours = default!;
    private DeliveryCounter _microsoftDeliveries = default!;
    private DeliveryCounter _ourDeliveries = default!;

    [Params(1, 100, 1000)]
    public int Connections { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _microsoft = new MicrosoftInMemoryServer();
        _ours = new HubFrameworkInMemoryServer();
        _microsoftDeliveries = ConnectAllAsync(_microsoft).GetAwaiter().GetResult();
        _ourDeliveries = ConnectAllAsync(_ours).GetAwaiter().GetResult();

        // Every connection receives the first broadcast, or setup fails here rather than hanging a benchmark.
        Broadcast(_microsoft, _microsoftDeliveries);
        Broadcast(_ours, _ourDeliveries);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _ours.DisposeAsync().AsTask().GetAwaiter().GetResult();
        _microsoft.DisposeAsync().AsTask().GetAwaiter().GetResult();
        _ourDeliveries.Dispose();
        _microsoftDeliveries.Dispose();
    }

    [Benchmark(Baseline = true, Description = "Microsoft SignalR")]
    public void Microsoft() => Broadcast(_microsoft, _microsoftDeliveries);

    [Benchmark(Description = "HubFramework")]
    public void HubFramework() => Broadcast(_ours, _ourDeliveries);

    // Blocks only the benchmark's own thread: pipe continuations run inline, so code after an await could find itself
    // on a server's thread, in the middle of that server's write, and blocking there would stall the broadcast.
    private void Broadcast(IInMemoryHubServer server, DeliveryCounter deliveries)
    {
        deliveries.Expect(Connections);
        var send = server.SendAllAsync("send", _arguments);
        deliveries.Wait();
        send.GetAwaiter().GetResult();
    }

    private async Task<DeliveryCounter> ConnectAllAsync(IInMemoryHubServer server)
    {
        var registered = BenchmarkFrames.Invocation("json", "Nothing");
        var deliveries = new DeliveryCounter();
        for (var i = 0; i < Connections; i++)
        {
            var client = await server.ConnectAsync("json", binary: false);

            // The completion comes after the server registered the connection with its lifetime manager.
            await client.RoundTripAsync(registered);
            deliveries.Drain(client.Input);
        }

        return deliveries;
    }
}
