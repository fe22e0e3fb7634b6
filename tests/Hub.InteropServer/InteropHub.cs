using System.Runtime.CompilerServices;
using HubFramework.Server.Hubs;

namespace HubFramework.InteropServer;

/// <summary>The interop contract hub (../shared/interop/CONTRACT.md) on HubFramework.</summary>
public sealed partial class InteropHub : Hub
{
    public override Task OnConnectedAsync() => Clients.Caller.SendAsync("welcome", Context.ConnectionId);

    public string Echo(string message) => message;

    public byte[] EchoBytes(byte[] data) => data;

    public InteropObject EchoObject(InteropObject value) => value;

    public int Add(int a, int b) => a + b;

    public void Throw(string message) => throw new HubException(message);

    public string GetConnectionId() => Context.ConnectionId;

    public string? GetUser() => Context.User?.Identity?.Name;

    public Task SendToCaller(string method, string payload) => Clients.Caller.SendAsync(method, payload);

    public Task Broadcast(string message) => Clients.All.SendAsync("broadcast", message);

    public Task BroadcastOthers(string message) => Clients.Others.SendAsync("broadcast", message);

    public Task JoinGroup(string group) => Groups.AddToGroupAsync(Context.ConnectionId, group);

    public Task LeaveGroup(string group) => Groups.RemoveFromGroupAsync(Context.ConnectionId, group);

    public Task SendToGroup(string group, string message) => Clients.Group(group).SendAsync("groupMessage", group, message);

    public Task SendToConnection(string connectionId, string message) => Clients.Client(connectionId).SendAsync("direct", message);

    public Task SendToUser(string user, string message) => Clients.User(user).SendAsync("direct", message);

    public async IAsyncEnumerable<int> Counter(int count, int delayMs, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        for (var i = 0; i < count; i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            yield return i;
            await Task.Delay(delayMs, cancellationToken);
        }
    }

    public async Task<int> Sum(IAsyncEnumerable<int> numbers)
    {
        var sum = 0;
        await foreach (var n in numbers)
        {
            sum += n;
        }
        return sum;
    }

    public Task<string> AskCaller(string question) =>
        Clients.Caller.InvokeAsync<string>("answer", question, Context.ConnectionAborted);

    public void Disconnect() => Context.Abort();

    // Addressing other connections (CONTRACT.md): the connection may live on any node of a cluster.
    public Task AddToGroup(string connectionId, string group) => Groups.AddToGroupAsync(connectionId, group);

    public Task RemoveFromGroup(string connectionId, string group) => Groups.RemoveFromGroupAsync(connectionId, group);

    public async Task<string> AskConnection(string connectionId, string question)
    {
        try
        {
            return await Clients.Client(connectionId).InvokeAsync<string>("answer", question, Context.ConnectionAborted);
        }
        catch (IOException ex)
        {
            // The framework says "does not exist" / "disconnected"; the contract promises "not connected" to clients.
            throw new HubException($"Connection '{connectionId}' is not connected: {ex.Message}");
        }
    }
}
