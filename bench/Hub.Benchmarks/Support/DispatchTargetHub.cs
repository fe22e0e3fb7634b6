using HubFramework.Server.Hubs;

namespace HubFramework.Benchmarks.Support;

/// <summary>The hub our server runs in the benchmarks; <see cref="MicrosoftDispatchTargetHub"/> is its twin on Microsoft's SignalR.</summary>
public sealed class DispatchTargetHub : Hub
{
    public void Nothing()
    {
    }

    public string Echo(string message) => message;

    public int Add(int left, int right) => left + right;
}
