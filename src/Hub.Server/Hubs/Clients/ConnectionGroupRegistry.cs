using System.Collections.Concurrent;

namespace HubFramework.Server.Hubs;

/// <summary>
/// Named sets of connections (groups, or the connections of each user). A set exists while it has members: the
/// last member leaving drops it, so abandoned group names do not accumulate. Names are compared ordinally.
/// </summary>
internal sealed class ConnectionGroupRegistry
{
    private readonly ConcurrentDictionary<string, HubConnectionStore> _groups = new(StringComparer.Ordinal);

    /// <summary>Number of non-empty sets.</summary>
    public int Count => _groups.Count;

    /// <summary>The members of <paramref name="name"/>, or null when it has none.</summary>
    public HubConnectionStore? Find(string name) => _groups.TryGetValue(name, out var store) ? store : null;

    /// <summary>Each non-empty set with its member count, at about this moment (for diagnostics).</summary>
    public IEnumerable<(string Name, int Members)> Snapshot()
    {
        foreach (var (name, store) in _groups)
        {
            yield return (name, store.Count);
        }
    }

    public void Add(string name, HubConnectionContext connection)
    {
        while (true)
        {
            var store = _groups.GetOrAdd(name, static _ => new HubConnectionStore());
            if (store.TryAdd(connection))
            {
                return;
            }

            // The store emptied and was retired between the lookup and the add: drop it (if still there) and retry.
            _groups.TryRemove(new KeyValuePair<string, HubConnectionStore>(name, store));
        }
    }

    public void Remove(string name, string connectionId)
    {
        if (_groups.TryGetValue(name, out var store) && store.Remove(connectionId, retireIfEmpty: true))
        {
            _groups.TryRemove(new KeyValuePair<string, HubConnectionStore>(name, store));
        }
    }
}
