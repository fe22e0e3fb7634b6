using HubFramework.Server.Hubs;

namespace HubFramework.InteropServer;

/// <summary>
/// The contract's "addressing other connections" section, as far as one node's lifetime manager serves it (the NATS
/// lifetime manager makes the same calls cross-node).
/// </summary>
public sealed partial class InteropHub
{
    public Task AddToGroup(string connectionId, string group) => Groups.AddToGroupAsync(connectionId, group);

    public Task RemoveFromGroup(string connectionId, string group) => Groups.RemoveFromGroupAsync(connectionId, group);

    public async Task<string> AskConnection(string connectionId, string question)
    {
        try
        {
            return await Clients.Client(connectionId).InvokeAsync<string>("answer", question, Context.ConnectionAborted);
        }
        catch (IOException)
        {
            throw new HubException($"Connection '{connectionId}' is not connected.");
        }
    }
}
