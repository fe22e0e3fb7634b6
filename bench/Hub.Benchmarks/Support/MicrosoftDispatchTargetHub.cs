using Microsoft.AspNetCore.SignalR;

namespace HubFramework.Benchmarks.Support;

/// <summary>Microsoft's SignalR twin of <see cref="DispatchTargetHub"/>.</summary>
public sealed class MicrosoftDispatchTargetHub : Hub
{
    public void Nothing()
    {
    }

    public string Echo(string message) => message;

    public int Add(int left, int right) => left + right;
}
