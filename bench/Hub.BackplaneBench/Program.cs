using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using HubFramework.Client;
using HubFramework.Client.Tests.Infrastructure;
using HubFramework.Cluster.Tests.Infrastructure;
using HubFramework.Protocol;

// Measures the NATS backplane end to end with real processes (bench/README.md, "Backplane"): interop server nodes on
// a real nats-server, our .NET client over WebSockets (JSON). Everything runs on this machine, clients included.
//   dotnet run -c Release --project bench/Hub.BackplaneBench -- [broadcast|groups|latency|all] [--seconds N]
var scenario = args.FirstOrDefault(a => !a.StartsWith("--", StringComparison.Ordinal)) ?? "all";
var seconds = args.SkipWhile(a => a != "--seconds").Skip(1).Select(s => int.Parse(s, CultureInfo.InvariantCulture)).FirstOrDefault(10);
var window = TimeSpan.FromSeconds(seconds);

if (scenario is "broadcast" or "all")
{
    var single = await Broadcast(nodes: 1, receivers: 200, window);
    var cluster = await Broadcast(nodes: 2, receivers: 200, window);
    Console.WriteLine($"broadcast 1 node in-memory: {single:N0} deliveries/s (per node {single:N0})");
    Console.WriteLine($"broadcast 2 nodes over NATS: {cluster:N0} deliveries/s (per node {cluster / 2:N0}, {cluster / 2 / single:P0} of the single node's)");
}

if (scenario is "groups" or "all")
{
    await Groups();
}

if (scenario is "latency" or "all")
{
    await Latency(2000);
}

return 0;

static async Task<double> Broadcast(int nodes, int receivers, TimeSpan window)
{
    await using var nats = await NatsServerProcess.StartAsync();
    var servers = await StartNodes(nodes, nodes > 1 ? nats.Url : null);
    try
    {
        var clients = new List<HubConnection>();
        long delivered = 0;
        for (var i = 0; i < receivers; i++)
        {
            var client = await Connect(servers[i % nodes]);
            client.On<string>("broadcast", _ => Interlocked.Increment(ref delivered));
            clients.Add(client);
        }

        // Closed loop: at most 16 broadcasts not yet delivered to every receiver.
        var sender = await Connect(servers[0]);
        var payload = new string('m', 64);
        long sent = 0;
        using var stop = new CancellationTokenSource(window + TimeSpan.FromSeconds(2));
        var sending = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                if ((Volatile.Read(ref sent) * receivers) - Interlocked.Read(ref delivered) > 16L * receivers)
                {
                    await Task.Delay(1);
                    continue;
                }

                Interlocked.Increment(ref sent);
                await sender.SendAsync("Broadcast", payload);
            }
        });
        await Task.Delay(TimeSpan.FromSeconds(2)); // warm-up
        var start = Interlocked.Read(ref delivered);
        var watch = Stopwatch.StartNew();
        await Task.Delay(window);
        var rate = (Interlocked.Read(ref delivered) - start) / watch.Elapsed.TotalSeconds;
        await sending;
        await sender.DisposeAsync();
        foreach (var client in clients)
        {
            await client.DisposeAsync();
        }

        return rate;
    }
    finally
    {
        foreach (var server in servers)
        {
            await server.DisposeAsync();
        }
    }
}

static async Task Groups()
{
    var monitor = FreePort();
    await using var nats = await NatsServerProcess.StartAsync("-m", monitor.ToString(CultureInfo.InvariantCulture));
    var servers = await StartNodes(2, nats.Url);
    try
    {
        // Node 0: one connection in all 1,000 groups (and the sender); node 1: one connection in groups 0-9 only.
        var wide = await Connect(servers[0]);
        var narrow = await Connect(servers[1]);
        long wideGot = 0, narrowGot = 0;
        wide.On<string, string>("groupMessage", (_, _) => Interlocked.Increment(ref wideGot));
        narrow.On<string, string>("groupMessage", (_, _) => Interlocked.Increment(ref narrowGot));
        for (var g = 0; g < 1000; g++)
        {
            await wide.InvokeAsync("JoinGroup", "group-" + g.ToString(CultureInfo.InvariantCulture));
        }

        for (var g = 0; g < 10; g++)
        {
            await narrow.InvokeAsync("JoinGroup", "group-" + g.ToString(CultureInfo.InvariantCulture));
        }

        var before = await NodeTraffic(monitor);
        var payload = new string('m', 100);
        for (var i = 0; i < 10_000; i++)
        {
            await wide.SendAsync("SendToGroup", "group-" + (i % 1000).ToString(CultureInfo.InvariantCulture), payload);
        }

        var deadline = Stopwatch.StartNew();
        while ((Interlocked.Read(ref wideGot) < 10_000 || Interlocked.Read(ref narrowGot) < 100) && deadline.Elapsed < TimeSpan.FromSeconds(60))
        {
            await Task.Delay(50);
        }

        await Task.Delay(500);
        var after = await NodeTraffic(monitor);
        Console.WriteLine($"groups: 10,000 sends over 1,000 groups from node 0; node 0 member of all got {wideGot:N0}, node 1 member of 10 got {narrowGot:N0}");
        foreach (var (name, (msgs, bytes)) in after.OrderBy(kv => kv.Key, StringComparer.Ordinal))
        {
            var (msgs0, bytes0) = before.GetValueOrDefault(name);
            Console.WriteLine($"  nats -> {name}: {msgs - msgs0:N0} messages, {bytes - bytes0:N0} bytes (heartbeats included)");
        }

        await wide.DisposeAsync();
        await narrow.DisposeAsync();
    }
    finally
    {
        foreach (var server in servers)
        {
            await server.DisposeAsync();
        }
    }
}

static async Task Latency(int count)
{
    await using var nats = await NatsServerProcess.StartAsync();
    var servers = await StartNodes(2, nats.Url);
    try
    {
        var asker = await Connect(servers[0]);
        var sameNode = await Connect(servers[0]);
        var otherNode = await Connect(servers[1]);
        sameNode.On<string, string>("answer", q => q);
        otherNode.On<string, string>("answer", q => q);
        foreach (var (label, target) in new[] { ("same node", sameNode), ("cross node", otherNode) })
        {
            var samples = new double[count];
            for (var i = -200; i < count; i++)
            {
                var watch = Stopwatch.StartNew();
                await asker.InvokeAsync<string>("AskConnection", target.ConnectionId, "ping");
                if (i >= 0)
                {
                    samples[i] = watch.Elapsed.TotalMicroseconds;
                }
            }

            Array.Sort(samples);
            Console.WriteLine($"AskConnection round trip, {label}: p50 {samples[count / 2] / 1000:0.00} ms, p99 {samples[count * 99 / 100] / 1000:0.00} ms ({count} sequential calls)");
        }

        await asker.DisposeAsync();
        await sameNode.DisposeAsync();
        await otherNode.DisposeAsync();
    }
    finally
    {
        foreach (var server in servers)
        {
            await server.DisposeAsync();
        }
    }
}

static async Task<List<ServerProcess>> StartNodes(int count, string? natsUrl)
{
    var env = natsUrl is null ? null : new Dictionary<string, string> { ["HUB_NATS_URL"] = natsUrl };
    return [.. await Task.WhenAll(Enumerable.Range(0, count).Select(_ => ServerProcess.StartAsync("Hub.InteropServer", 0, env)))];
}

static async Task<HubConnection> Connect(ServerProcess server)
{
    var connection = new HubConnectionBuilder().WithUrl(server.Url("hubs/interop"), HttpTransportType.WebSockets, null).AddJsonProtocol().Build();
    await connection.StartAsync().WaitAsync(TimeSpan.FromSeconds(30));
    return connection;
}

static int FreePort()
{
    using var listener = new TcpListener(IPAddress.Loopback, 0);
    listener.Start();
    return ((IPEndPoint)listener.LocalEndpoint).Port;
}

/// <summary>What nats-server sent to each hub node so far (its /connz monitoring page), by connection name.</summary>
static async Task<Dictionary<string, (long Messages, long Bytes)>> NodeTraffic(int monitorPort)
{
    using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
    using var document = JsonDocument.Parse(await http.GetStringAsync($"http://127.0.0.1:{monitorPort}/connz"));
    var result = new Dictionary<string, (long, long)>(StringComparer.Ordinal);
    foreach (var connection in document.RootElement.GetProperty("connections").EnumerateArray())
    {
        if (connection.TryGetProperty("name", out var name) && name.GetString() is { } n && n.StartsWith("hub-", StringComparison.Ordinal))
        {
            result[n] = (connection.GetProperty("out_msgs").GetInt64(), connection.GetProperty("out_bytes").GetInt64());
        }
    }

    return result;
}
