using System.Text.RegularExpressions;

namespace HubFramework.Cluster.Tests.Infrastructure;

/// <summary>
/// Three interop server nodes on one nats-server behind a round-robin nginx, with the relay's debug logs on (its event
/// ids tell which requests were relayed). A class fixture: one cluster for a test class.
/// </summary>
public sealed partial class BalancedCluster : IAsyncLifetime
{
    public static readonly IReadOnlyDictionary<string, string> RelayLogging = new Dictionary<string, string>
    {
        ["Logging__LogLevel__HubFramework.Server.Backplane.Nats.Routing"] = "Debug",
    };

    private InteropCluster? _cluster;
    private NginxProcess? _nginx;

    internal InteropCluster Cluster => _cluster ?? throw new InvalidOperationException("Not started.");

    internal NginxProcess Nginx => _nginx ?? throw new InvalidOperationException("Not started.");

    public Uri HubUrl(string path = "hubs/interop") => Nginx.Url(path);

    /// <summary>Everything every node printed.</summary>
    public string Output => string.Join('\n', Enumerable.Range(0, Cluster.Count).Select(i => Cluster.Node(i).Output));

    /// <summary>How many requests of <paramref name="kind"/> (websocket, sse, poll, send, delete) the nodes relayed as edge.</summary>
    public int Relayed(string kind) => Relayed(Output, kind);

    public static int Relayed(string output, string kind) => RelayingLine().Matches(output).Count(m => m.Groups[1].Value == kind);

    public async Task InitializeAsync()
    {
        _cluster = await InteropCluster.StartAsync(3, RelayLogging);
        try
        {
            _nginx = await NginxProcess.StartAsync(Enumerable.Range(0, 3).Select(i => _cluster.Node(i).BaseUrl));
        }
        catch
        {
            await _cluster.DisposeAsync();
            throw;
        }
    }

    public async Task DisposeAsync()
    {
        if (_nginx is not null)
        {
            await _nginx.DisposeAsync();
        }

        if (_cluster is not null)
        {
            await _cluster.DisposeAsync();
        }
    }

    [GeneratedRegex(@"\[4500\]\s*Relaying a (\S+) request")]
    private static partial Regex RelayingLine();
}
