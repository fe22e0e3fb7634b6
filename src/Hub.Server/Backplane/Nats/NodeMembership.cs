using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.Extensions.Logging;

namespace HubFramework.Server.Backplane.Nats;

/// <summary>
/// The other nodes this node has heard from. Each node announces itself every heartbeat interval (and at once when it
/// sees a newcomer, so a new node learns the cluster in one round trip); a peer silent for longer than the peer
/// timeout, or that said goodbye, is gone: the token of its requests is cancelled so nothing waits for it forever.
/// </summary>
internal sealed class NodeMembership : IDisposable
{
    private static readonly TimeSpan UnknownPeerPoll = TimeSpan.FromMilliseconds(100);

    private readonly ConcurrentDictionary<string, Peer> _peers = new(StringComparer.Ordinal);
    private readonly TimeSpan _peerTimeout;
    private readonly ILogger _logger;
    private readonly Timer _sweeper;

    public NodeMembership(TimeSpan peerTimeout, TimeSpan sweepInterval, ILogger logger)
    {
        _peerTimeout = peerTimeout;
        _logger = logger;
        _sweeper = new Timer(static state => ((NodeMembership)state!).Sweep(), this, sweepInterval, sweepInterval);
    }

    public int AliveCount => _peers.Count;

    public bool IsAlive(string nodeId) => _peers.ContainsKey(nodeId);

    /// <summary>The peers alive now, with when each was last heard from (health check and inspector).</summary>
    public IReadOnlyList<BackplanePeer> Snapshot()
    {
        var now = Stopwatch.GetTimestamp();
        var wallNow = DateTimeOffset.UtcNow;
        var peers = new List<BackplanePeer>(_peers.Count);
        foreach (var (nodeId, peer) in _peers)
        {
            peers.Add(new BackplanePeer(nodeId, wallNow - Stopwatch.GetElapsedTime(Volatile.Read(ref peer.LastSeen), now)));
        }

        return peers;
    }

    /// <summary>Records a heartbeat; true when the peer is new (or came back).</summary>
    public bool Heard(string nodeId)
    {
        var now = Stopwatch.GetTimestamp();
        if (_peers.TryGetValue(nodeId, out var peer))
        {
            Volatile.Write(ref peer.LastSeen, now);
            return false;
        }

        var added = _peers.TryAdd(nodeId, new Peer(now));
        if (added)
        {
            NatsBackplaneLog.PeerJoined(_logger, nodeId, _peers.Count);
        }

        return added;
    }

    public void Left(string nodeId, string reason)
    {
        if (_peers.TryRemove(nodeId, out var peer))
        {
            NatsBackplaneLog.PeerLost(_logger, nodeId, reason, _peers.Count);
            peer.Gone.Cancel();
        }
    }

    /// <summary>
    /// Completes when <paramref name="nodeId"/> is declared gone. A node not (yet) known alive gets one peer timeout
    /// to be heard (a node that just started); if it is heard, its own end counts from then on.
    /// </summary>
    /// <exception cref="OperationCanceledException">On <paramref name="cancellationToken"/> (the wait is over).</exception>
    public async Task WhenGoneAsync(string nodeId, CancellationToken cancellationToken)
    {
        Peer? peer;
        var unknownSince = Stopwatch.GetTimestamp();
        while (!_peers.TryGetValue(nodeId, out peer))
        {
            if (Stopwatch.GetElapsedTime(unknownSince) > _peerTimeout)
            {
                return;
            }

            await Task.Delay(UnknownPeerPoll, cancellationToken).ConfigureAwait(false);
        }

        // Never disposed: a wait may still start on it after the peer was declared gone (it then ends at once).
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(peer.Gone.Token, cancellationToken);
        try
        {
            await Task.Delay(Timeout.Infinite, linked.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (peer.Gone.IsCancellationRequested)
        {
        }
    }

    public void Dispose()
    {
        _sweeper.Dispose();
        foreach (var id in _peers.Keys)
        {
            Left(id, "this node is stopping");
        }
    }

    private void Sweep()
    {
        try
        {
            var now = Stopwatch.GetTimestamp();
            foreach (var (id, peer) in _peers)
            {
                if (Stopwatch.GetElapsedTime(Volatile.Read(ref peer.LastSeen), now) > _peerTimeout)
                {
                    Left(id, $"silent for more than {_peerTimeout.TotalSeconds:0.#} s");
                }
            }
        }
        catch (Exception ex)
        {
            // A timer callback must never throw.
            NatsBackplaneLog.HandlerFailed(_logger, ex, "membership");
        }
    }

    private sealed class Peer(long lastSeen)
    {
        public readonly CancellationTokenSource Gone = new();
        public long LastSeen = lastSeen;
    }
}
