using HubFramework.Server.Hubs;

namespace HubFramework.Server.Tests.Fanout;

/// <summary>The hub type the fan-out tests' lifetime managers serve.</summary>
public sealed class FanoutHub : Hub
{
}

/// <summary>A strongly typed client interface.</summary>
public interface IFanoutClient
{
    Task Receive(string user, string message);

    [HubMethodName("renamed")]
    Task Ping();

    Task<int> Pick(int max, CancellationToken cancellationToken);
}

/// <summary>A hub whose clients are typed.</summary>
public sealed class TypedFanoutHub : Hub<IFanoutClient>
{
}
