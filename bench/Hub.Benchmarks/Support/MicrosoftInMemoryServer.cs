using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.DependencyInjection;

namespace HubFramework.Benchmarks.Support;

/// <summary>
/// Microsoft's SignalR as <c>MapHub</c> wires it (the <see cref="HubConnectionHandler{THub}"/> from <c>AddSignalR</c>),
/// serving <see cref="DefaultConnectionContext"/>s whose transport is a pipe pair: the speed anchor for our server.
/// Keep-alive and client timeout are pushed out of the benchmark's reach.
/// </summary>
internal sealed class MicrosoftInMemoryServer : IInMemoryHubServer
{
    private readonly ServiceProvider _services;
    private readonly HubConnectionHandler<MicrosoftDispatchTargetHub> _handler;
    private readonly HubLifetimeManager<MicrosoftDispatchTargetHub> _lifetimeManager;
    private readonly List<(ClientEnd Client, DuplexPipeEnds Server, Task Serving)> _connections = new();
    private int _nextId;

    public MicrosoftInMemoryServer()
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSignalR(options =>
        {
            options.KeepAliveInterval = TimeSpan.FromHours(1);
            options.ClientTimeoutInterval = TimeSpan.FromHours(2);
        });
        _services = services.BuildServiceProvider();
        _handler = _services.GetRequiredService<HubConnectionHandler<MicrosoftDispatchTargetHub>>();
        _lifetimeManager = _services.GetRequiredService<HubLifetimeManager<MicrosoftDispatchTargetHub>>();
    }

    public async Task<ClientEnd> ConnectAsync(string protocol, bool binary)
    {
        var (server, client) = DuplexPipeEnds.CreatePair();
        var connection = new DefaultConnectionContext("microsoft-" + Interlocked.Increment(ref _nextId), server, client);
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

    public Task SendAllAsync(string method, object?[] arguments) => _lifetimeManager.SendAllAsync(method, arguments);

    public async ValueTask DisposeAsync()
    {
        foreach (var (client, server, serving) in _connections)
        {
            client.Close();
            await serving.WaitAsync(TimeSpan.FromSeconds(10));
            await server.Output.CompleteAsync();
        }

        await _services.DisposeAsync();
    }
}
