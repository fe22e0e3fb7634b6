using System.Security.Claims;
using HubFramework.Protocol;
using HubFramework.Protocol.Json;
using HubFramework.Server.Hubs;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace HubFramework.Server.Tests.Infrastructure;

/// <summary>One in-memory connection: the raw client, the server-side connection, and the task serving it.</summary>
internal sealed record HubTestConnection(RawHubClient Client, TestClientConnection Connection, Task Served)
{
    /// <summary>Waits (bounded) for the server to finish serving the connection.</summary>
    public async Task<bool> ServedWithinAsync(TimeSpan timeout)
    {
        var finished = await Task.WhenAny(Served, Task.Delay(timeout));
        return finished == Served;
    }
}

/// <summary>
/// The hub layer of <typeparamref name="THub"/> with real DI and no transport: connections are in-memory pipes, so
/// tests are deterministic and fast. Disposing ends every connection (bounded) and the service provider.
/// </summary>
internal sealed class InMemoryHubServer<THub> : IAsyncDisposable
    where THub : Hub
{
    private readonly List<HubTestConnection> _connections = new();
    private readonly TestApplicationLifetime _lifetime;

    private InMemoryHubServer(ServiceProvider services, TestApplicationLifetime lifetime)
    {
        Services = services;
        _lifetime = lifetime;
        Handler = services.GetRequiredService<HubConnectionHandler<THub>>();
    }

    public ServiceProvider Services { get; }

    public HubConnectionHandler<THub> Handler { get; }

    /// <summary>Signals ApplicationStopping, as a host does on graceful shutdown.</summary>
    public void StopApplication() => _lifetime.StopApplication();

    public static InMemoryHubServer<THub> Create(Action<HubOptions>? configure = null, Action<IServiceCollection>? configureServices = null, Action<IHubServerBuilder>? configureHubs = null)
    {
        var services = new ServiceCollection();
        services.AddLogging(logging => logging.SetMinimumLevel(LogLevel.Warning));
        var lifetime = new TestApplicationLifetime();
        services.AddSingleton<IHostApplicationLifetime>(lifetime);
        services.AddSingleton<InvocationLog>();
        configureServices?.Invoke(services);
        var hubs = services.AddHubs(configure);
        configureHubs?.Invoke(hubs);
        return new InMemoryHubServer<THub>(services.BuildServiceProvider(new ServiceProviderOptions { ValidateScopes = true }), lifetime);
    }

    /// <summary>Opens a connection and serves it; with <paramref name="handshake"/> the JSON (or given) handshake is done.</summary>
    public async Task<HubTestConnection> ConnectAsync(bool handshake = true, IHubProtocol? protocol = null, ClaimsPrincipal? user = null, Action<TestClientConnection>? setup = null)
    {
        var connection = new TestClientConnection(user);
        setup?.Invoke(connection);
        var client = RawHubClient.Over(connection, protocol ?? new JsonHubProtocol());
        var served = Task.Run(async () =>
        {
            try
            {
                await Handler.OnConnectedAsync(connection);
            }
            finally
            {
                // What a transport does when the handler returns: the client sees the end of the stream.
                await connection.Transport.Output.CompleteAsync();
            }
        });
        var entry = new HubTestConnection(client, connection, served);
        lock (_connections)
        {
            _connections.Add(entry);
        }

        if (handshake)
        {
            await client.HandshakeAsync();
        }

        return entry;
    }

    public InvocationLog Log => Services.GetRequiredService<InvocationLog>();

    public async ValueTask DisposeAsync()
    {
        HubTestConnection[] connections;
        lock (_connections)
        {
            connections = _connections.ToArray();
        }

        foreach (var connection in connections)
        {
            connection.Connection.CompleteFromClient();
            connection.Connection.Abort();
        }

        await Task.WhenAny(Task.WhenAll(connections.Select(c => c.Served)), Task.Delay(TimeSpan.FromSeconds(5)));
        await Services.DisposeAsync();
    }

    private sealed class TestApplicationLifetime : IHostApplicationLifetime
    {
        private readonly CancellationTokenSource _stopping = new();

        public CancellationToken ApplicationStarted => CancellationToken.None;

        public CancellationToken ApplicationStopping => _stopping.Token;

        public CancellationToken ApplicationStopped => CancellationToken.None;

        public void StopApplication() => _stopping.Cancel();
    }
}
