using System.Runtime.CompilerServices;
using HubFramework.Server.Hubs;

namespace HubFramework.Ops.Tests.Infrastructure;

/// <summary>Methods the client calls on the server.</summary>
public interface IOpsClient
{
    Task Notify(string text);

    Task<int> Ask(int question);
}

/// <summary>A small typed hub the ops tests drive: echo, a failure, a stream, a group.</summary>
public sealed class OpsHub : Hub<IOpsClient>
{
    public string Echo(string text) => text;

    /// <summary>The clock comes from the container, not from the client.</summary>
    public long Now(string zone, TimeProvider clock) => clock.GetUtcNow().ToUnixTimeSeconds();

    public Task<OpsResult> Sum(OpsPoint point, int[] extra) => Task.FromResult(new OpsResult(point.X + point.Y + extra.Sum(), DateTimeOffset.UnixEpoch));

    public void Fail() => throw new InvalidOperationException("planned failure");

    public async IAsyncEnumerable<int> Count(int to, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        for (var i = 1; i <= to; i++)
        {
            await Task.Yield();
            yield return i;
        }
    }

    public Task Join(string group) => Groups.AddToGroupAsync(Context.ConnectionId, group);

    public Task Broadcast(string text) => Clients.All.Notify(text);
}

public sealed record OpsPoint(int X, int Y);

public sealed record OpsResult(int Total, DateTimeOffset At);
