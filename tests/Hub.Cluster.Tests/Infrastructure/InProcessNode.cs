using HubFramework.Client.Tests.Infrastructure;
using HubFramework.Server.Backplane.Nats;
using HubFramework.Server.Hubs;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;

namespace HubFramework.Cluster.Tests.Infrastructure;

/// <summary>A hub a test hosts itself: enough of the contract to see what crosses nodes.</summary>
public abstract class ProbeHub : Hub
{
    public override Task OnConnectedAsync() => Clients.Caller.SendAsync("welcome", Context.ConnectionId);

    public string GetConnectionId() => Context.ConnectionId;

    public Task Broadcast(string message) => Clients.All.SendAsync("broadcast", message);

    public Task JoinGroup(string group) => Groups.AddToGroupAsync(Context.ConnectionId, group);

    public Task SendToGroup(string group, string message) => Clients.Group(group).SendAsync("groupMessage", group, message);

    public Task SendToConnection(string connectionId, string message) => Clients.Client(connectionId).SendAsync("direct", message);

    public async Task<string> AskWithin(string connectionId, string question, int milliseconds)
    {
        using var timeout = new CancellationTokenSource(milliseconds);
        return await Clients.Client(connectionId).InvokeAsync<string>("answer", question, timeout.Token);
    }
}

public sealed class FirstProbeHub : ProbeHub;

public sealed class SecondProbeHub : ProbeHub;

/// <summary>A node in this test process: Kestrel on a free loopback port, two probe hubs, the NATS backplane.</summary>
internal static class InProcessNode
{
    public static Task<KestrelApp> StartAsync(Action<NatsBackplaneOptions> backplane, Action<IServiceCollection>? services = null) =>
        KestrelApp.StartAsync(
            collection =>
            {
                collection.AddHubs().AddNatsBackplane(backplane);
                services?.Invoke(collection);
            },
            app =>
            {
                app.MapHub<FirstProbeHub>("/first");
                app.MapHub<SecondProbeHub>("/second");
            });
}
