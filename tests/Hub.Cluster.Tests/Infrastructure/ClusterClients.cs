using System.Collections.Concurrent;
using HubFramework.Client;
using HubFramework.Protocol;

namespace HubFramework.Cluster.Tests.Infrastructure;

/// <summary>Our .NET client on one node, recording what the interop hub sends it.</summary>
internal sealed class ClusterClient : IAsyncDisposable
{
    private ClusterClient(HubConnection connection)
    {
        Connection = connection;
        connection.On<string>("welcome", id => Welcomes.Enqueue(id));
        connection.On<string>("broadcast", m => Broadcasts.Enqueue(m));
        connection.On<string, string>("groupMessage", (g, m) => GroupMessages.Enqueue(g + ":" + m));
        connection.On<string>("direct", m => Direct.Enqueue(m));
        connection.On<string, string>("answer", q => Answer(q));
    }

    public HubConnection Connection { get; }

    public string Id => Connection.ConnectionId ?? throw new InvalidOperationException("not connected");

    /// <summary>The connection ids the hub welcomed (one per connection, reconnects included).</summary>
    public ConcurrentQueue<string> Welcomes { get; } = new();

    public ConcurrentQueue<string> Broadcasts { get; } = new();

    public ConcurrentQueue<string> GroupMessages { get; } = new();

    public ConcurrentQueue<string> Direct { get; } = new();

    /// <summary>How this client answers <c>answer(question)</c>; by default <c>"{question} from {id}"</c>.</summary>
    public Func<string, string> Answer { get; set; } = q => q + " answered";

    public static async Task<ClusterClient> ConnectAsync(Uri hubUrl, HttpTransportType transport, string protocol, Func<Task<string?>>? token = null, bool reconnect = false)
    {
        var builder = new HubConnectionBuilder().WithUrl(hubUrl, transport, o => o.AccessTokenProvider = token);
        builder = protocol == "messagepack" ? builder.AddMessagePackProtocol() : builder.AddJsonProtocol();
        if (reconnect)
        {
            builder = builder.WithAutomaticReconnect([TimeSpan.Zero, TimeSpan.FromMilliseconds(500), TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(2)]);
        }

        var connection = builder.Build();
        var client = new ClusterClient(connection);
        await Wait.For(connection.StartAsync(), TimeSpan.FromSeconds(20));

        // The handshake answer comes before the hub registers the connection; the hub's welcome comes after.
        await Wait.UntilAsync(() => client.Welcomes.Contains(client.Id), "the hub's welcome", TimeSpan.FromSeconds(20));
        return client;
    }

    public ValueTask DisposeAsync() => Connection.DisposeAsync();
}
