namespace HubFramework.Cluster.Tests.Infrastructure;

/// <summary>
/// A nats-server and <c>n</c> interop server processes (tests/Hub.InteropServer) that use it as their backplane,
/// each on its own free loopback port. Disposing stops every process it started.
/// </summary>
internal sealed class InteropCluster : IAsyncDisposable
{
    private readonly List<ServerProcess?> _nodes;

    private InteropCluster(NatsServerProcess nats, List<ServerProcess?> nodes)
    {
        Nats = nats;
        _nodes = nodes;
    }

    public NatsServerProcess Nats { get; }

    /// <summary>The nodes; a killed node's slot throws.</summary>
    public ServerProcess Node(int index) => _nodes[index] ?? throw new InvalidOperationException($"Node {index} was killed.");

    public int Count => _nodes.Count;

    /// <summary>Starts nats-server and <paramref name="nodes"/> interop servers (in parallel) on it.</summary>
    public static async Task<InteropCluster> StartAsync(int nodes, IReadOnlyDictionary<string, string>? environment = null, NatsServerProcess? nats = null)
    {
        nats ??= await NatsServerProcess.StartAsync().ConfigureAwait(false);
        var env = new Dictionary<string, string>(environment ?? new Dictionary<string, string>()) { ["HUB_NATS_URL"] = nats.Url };
        var starts = Enumerable.Range(0, nodes).Select(_ => ServerProcess.StartAsync("Hub.InteropServer", 0, env)).ToArray();
        try
        {
            var started = await Task.WhenAll(starts).ConfigureAwait(false);
            return new InteropCluster(nats, started.Cast<ServerProcess?>().ToList());
        }
        catch
        {
            foreach (var start in starts.Where(s => s.IsCompletedSuccessfully))
            {
                await start.Result.DisposeAsync().ConfigureAwait(false);
            }

            await nats.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>SIGKILLs node <paramref name="index"/>, as a crash would.</summary>
    public void KillNode(int index)
    {
        Node(index).Kill();
        _nodes[index] = null;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var node in _nodes)
        {
            if (node is not null)
            {
                await node.DisposeAsync().ConfigureAwait(false);
            }
        }

        await Nats.DisposeAsync().ConfigureAwait(false);
    }
}
