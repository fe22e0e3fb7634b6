namespace HubFramework.Cluster.Tests.Infrastructure;

/// <summary>One nats-server and three interop server nodes on it, shared by the tests of a class.</summary>
public sealed class ThreeNodeClusterFixture : IAsyncLifetime
{
    private InteropCluster? _cluster;

    internal InteropCluster Cluster => _cluster ?? throw new InvalidOperationException("not started");

    public Uri Hub(int node) => Cluster.Node(node).Url("hubs/interop");

    public Uri SecureHub(int node) => Cluster.Node(node).Url("hubs/interop-secure");

    public async Task InitializeAsync() => _cluster = await InteropCluster.StartAsync(3);

    public async Task DisposeAsync()
    {
        if (_cluster is not null)
        {
            await _cluster.DisposeAsync();
        }
    }
}
