namespace HubFramework.Server.Hubs;

/// <summary>
/// One registered connection and the groups it belongs to, so that a disconnect removes it from exactly those groups.
/// Joining and closing serialize on this object, so a join racing with the disconnect cannot leave a dead member behind.
/// </summary>
internal sealed class ConnectionMembership(HubConnectionContext connection)
{
    private readonly HashSet<string> _groups = new(StringComparer.Ordinal);
    private volatile bool _closed;

    public HubConnectionContext Connection { get; } = connection;

    /// <summary>The user id at connect time (the key it is indexed under).</summary>
    public string? UserIdentifier { get; } = connection.UserIdentifier;

    public bool IsClosed => _closed;

    /// <summary>The groups it is in now (for diagnostics).</summary>
    public string[] Groups()
    {
        lock (_groups)
        {
            return [.. _groups];
        }
    }

    /// <summary>Adds the connection to <paramref name="group"/> unless it has already disconnected.</summary>
    public void Join(string group, ConnectionGroupRegistry groups)
    {
        lock (_groups)
        {
            if (_closed || !_groups.Add(group))
            {
                return;
            }

            groups.Add(group, Connection);
        }
    }

    public void Leave(string group, ConnectionGroupRegistry groups)
    {
        lock (_groups)
        {
            if (_groups.Remove(group))
            {
                groups.Remove(group, Connection.ConnectionId);
            }
        }
    }

    /// <summary>The groups it belongs to now (a copy).</summary>
    public string[] SnapshotGroups()
    {
        lock (_groups)
        {
            return [.. _groups];
        }
    }

    /// <summary>Marks the connection gone and removes it from all its groups.</summary>
    public void Close(ConnectionGroupRegistry groups)
    {
        lock (_groups)
        {
            _closed = true;
            foreach (var group in _groups)
            {
                groups.Remove(group, Connection.ConnectionId);
            }

            _groups.Clear();
        }
    }
}
