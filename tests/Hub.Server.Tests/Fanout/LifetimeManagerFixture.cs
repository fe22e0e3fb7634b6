using HubFramework.Protocol;
using HubFramework.Server.Hubs;
using Microsoft.Extensions.Logging.Abstractions;

namespace HubFramework.Server.Tests.Fanout;

/// <summary>A lifetime manager with in-memory connections; disposes them all.</summary>
internal sealed class LifetimeManagerFixture<THub> : IAsyncDisposable
    where THub : Hub
{
    private readonly List<FanoutConnection> _connections = new();

    public DefaultHubLifetimeManager<THub> Manager { get; } = new(NullLogger<DefaultHubLifetimeManager<THub>>.Instance);

    /// <summary>The pool of every connection's pipe (reused blocks, like a real transport's).</summary>
    public RetainingMemoryPool Pool { get; } = new();

    public async Task<FanoutConnection> ConnectAsync(string? user = null, IHubProtocol? protocol = null, Action<HubOptions>? configure = null, bool stalled = false)
    {
        var connection = FanoutConnection.Create(protocol, user, configure, stalled, Pool);
        _connections.Add(connection);
        await Manager.OnConnectedAsync(connection.Context);
        return connection;
    }

    public async Task<FanoutConnection[]> ConnectManyAsync(int count, IHubProtocol? protocol = null)
    {
        var connections = new FanoutConnection[count];
        for (var i = 0; i < count; i++)
        {
            connections[i] = await ConnectAsync(protocol: protocol);
        }

        return connections;
    }

    public async Task DisconnectAsync(FanoutConnection connection)
    {
        await connection.Context.Outbound.CompleteAsync(null, default);
        await Manager.OnDisconnectedAsync(connection.Context);
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var connection in _connections)
        {
            await Manager.OnDisconnectedAsync(connection.Context);
            await connection.Context.Outbound.DisposeAsync();
        }
    }
}
