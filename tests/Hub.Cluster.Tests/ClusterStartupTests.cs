namespace HubFramework.Cluster.Tests;

/// <summary>The fixture itself: nodes start on a real nats-server and keep serving through an outage of it.</summary>
public sealed class ClusterStartupTests
{
    [Fact]
    public async Task Nodes_start_on_nats_and_serve_health_while_nats_is_down()
    {
        await using var cluster = await InteropCluster.StartAsync(2);
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        for (var i = 0; i < cluster.Count; i++)
        {
            Assert.Equal("ok", await http.GetStringAsync(cluster.Node(i).Url("health")));
        }

        cluster.Nats.Stop();
        Assert.Equal("ok", await http.GetStringAsync(cluster.Node(0).Url("health")));
        await cluster.Nats.RestartAsync();
        Assert.True(cluster.Nats.IsRunning);
        Assert.Equal("ok", await http.GetStringAsync(cluster.Node(1).Url("health")));
    }
}
