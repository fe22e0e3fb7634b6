using HubFramework.Server.Hubs;
using Microsoft.Extensions.DependencyInjection;

namespace HubFramework.Benchmarks.Support;

/// <summary>
/// Our hub layer as <c>MapHub</c> wires it (the <see cref="HubConnectionHandler{THub}"/> from <c>AddHubs</c>), serving
/// connections whose transport is a pipe pair. Keep-alive and client timeout are off so nothing but the benchmark's own
/// traffic crosses the pipes.
/// </summary>
internal sealed class HubFrameworkInMemoryServer : IInMemoryHubServer
{
    private readonly ServiceProvider _services;
    private readonly HubConnectionHandler<DispatchTargetHub> _handler;
    private readonly IHubContext<DispatchTargetHub> _hubContext;
    private readonly List<(ClientEnd Client, DuplexPipeEnds Server, Task Serving)> _connections = new();

    public HubFrameworkInMemoryServer()
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddHubs(options =>
        {
            options.KeepAliveInterval = Timeout.InfiniteTimeSpan;
            options.ClientTimeoutInterval = Timeout.InfiniteTimeSpan;
        });
        _services = services.BuildServiceProvider();
        _handler = _services.GetRequiredService<HubConnectionHandler<DispatchTargetHub>>();
        _hubContext = _services.GetRequiredService<IHubContext<DispatchTargetHub>>();
    }

    public async Task<ClientEnd> ConnectAsync(string protocol, bool binary)
    {
        var (server, client) = DuplexPipeEnds.CreatePair();
        var connection = new InMemoryClientConnection(server);
        var serving = Task.Run(() => _handler.OnConnectedAsync(connection));
        var end = new ClientEnd(client, binary);
        _connections.Add((end, server, serving));
        var response = await end.HandshakeAsync(protocol);
        if (response != "{}\u001e")
        {
            throw new InvalidOperationException($"Handshake refused: {response}");
        }

        return end;
    }

    public Task SendAllAsync(string method, object?[] arguments) => _hubContext.Clients.All.SendCoreAsync(method, arguments);

    public async ValueTask DisposeAsync()
    {
        foreach (var (client, server, serving) in _connections)
        {
            client.Close();
            await serving.WaitAsync(TimeSpan.FromSeconds(10));

            // Completing the output is the transport's job, not the hub layer's.
            await server.Output.CompleteAsync();
        }

        _handler.Dispose();
        await _services.DisposeAsync();
    }
}
