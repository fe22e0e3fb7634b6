namespace HubFramework.Server.Backplane;

/// <summary>
/// The other nodes a backplane currently sees. A backplane that tracks membership registers one in DI; the backplane
/// health check and the hub inspector show what it reports (and nothing when none is registered).
/// </summary>
public interface IBackplanePeerDirectory
{
    /// <summary>The peers seen now, this node excluded.</summary>
    IReadOnlyList<BackplanePeer> GetPeers();
}

/// <summary>One peer node of the backplane.</summary>
/// <param name="NodeId">The node's id (the one in its connection tokens).</param>
/// <param name="LastSeen">When it was last heard from.</param>
/// <param name="Connections">Its connection count, when it reports one.</param>
public sealed record BackplanePeer(string NodeId, DateTimeOffset LastSeen, int? Connections = null);
