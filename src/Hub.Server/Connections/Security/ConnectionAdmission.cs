using System.Collections.Concurrent;
using System.Net;
using Microsoft.AspNetCore.Http;

namespace HubFramework.Server.Connections.Security;

/// <summary>
/// Decides whether a new connection may be created on this node, against the caps of
/// <see cref="ClientConnectionsOptions"/>: connections on the node (503), connections negotiated but not started yet
/// (503), connections per user and per remote address (429). A ticket is taken for every admitted connection and
/// given back when it ends, so the counts are exact whatever the order of events.
/// </summary>
internal sealed class ConnectionAdmission
{
    private readonly ConcurrentDictionary<string, int> _perUser = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<IPAddress, int> _perAddress = new();
    private int _total;
    private int _unstarted;

    public ConnectionAdmission(ClientConnectionsOptions options, long? descriptorLimit)
    {
        MaxConnections = options.MaxConnections ?? (descriptorLimit is { } limit ? DescriptorLimit.ConnectionCapFor(limit, DescriptorLimit.InUseAtStart) : int.MaxValue);
        MaxUnstarted = options.MaxUnstartedConnections;
        MaxPerUser = options.MaxConnectionsPerUser;
        MaxPerAddress = options.MaxConnectionsPerRemoteAddress;
    }

    /// <summary>The node's connection cap in force (configured, or derived from the descriptor limit).</summary>
    public int MaxConnections { get; }

    public int MaxUnstarted { get; }

    public int? MaxPerUser { get; }

    public int? MaxPerAddress { get; }

    public int Count => Volatile.Read(ref _total);

    public int UnstartedCount => Volatile.Read(ref _unstarted);

    /// <summary>Reserves room for a connection of <paramref name="owner"/> from <paramref name="context"/>'s address.</summary>
    public bool TryAdmit(HttpContext context, ConnectionOwner owner, bool started, out AdmissionTicket? ticket, out ConnectionRejection rejection)
    {
        ticket = null;
        if (!TryIncrement(ref _total, MaxConnections))
        {
            rejection = new ConnectionRejection(StatusCodes.Status503ServiceUnavailable, $"The server is at its connection limit ({MaxConnections}); try again later.");
            return false;
        }

        if (!started && !TryIncrement(ref _unstarted, MaxUnstarted))
        {
            Interlocked.Decrement(ref _total);
            rejection = new ConnectionRejection(StatusCodes.Status503ServiceUnavailable, $"Too many connections are waiting for their first transport request ({MaxUnstarted}); try again later.");
            return false;
        }

        var user = MaxPerUser is not null ? owner.Key : null;
        if (user is not null && !TryIncrement(_perUser, user, MaxPerUser!.Value))
        {
            Undo(started, null, null);
            rejection = new ConnectionRejection(StatusCodes.Status429TooManyRequests, $"This user has too many connections (limit {MaxPerUser}).");
            return false;
        }

        var address = MaxPerAddress is not null ? context.Connection.RemoteIpAddress : null;
        if (address is not null && !TryIncrement(_perAddress, address, MaxPerAddress!.Value))
        {
            Undo(started, user, null);
            rejection = new ConnectionRejection(StatusCodes.Status429TooManyRequests, $"This address has too many connections (limit {MaxPerAddress}).");
            return false;
        }

        ticket = new AdmissionTicket(this, user, address, started);
        rejection = default;
        return true;
    }

    internal void Started() => Interlocked.Decrement(ref _unstarted);

    internal void Release(string? user, IPAddress? address, bool unstarted) => Undo(!unstarted, user, address);

    private void Undo(bool started, string? user, IPAddress? address)
    {
        Interlocked.Decrement(ref _total);
        if (!started)
        {
            Interlocked.Decrement(ref _unstarted);
        }

        if (user is not null)
        {
            Decrement(_perUser, user);
        }

        if (address is not null)
        {
            Decrement(_perAddress, address);
        }
    }

    private static bool TryIncrement(ref int counter, int limit)
    {
        if (Interlocked.Increment(ref counter) <= limit)
        {
            return true;
        }

        Interlocked.Decrement(ref counter);
        return false;
    }

    private static bool TryIncrement<TKey>(ConcurrentDictionary<TKey, int> counts, TKey key, int limit)
        where TKey : notnull
    {
        while (true)
        {
            if (counts.TryGetValue(key, out var current))
            {
                if (current >= limit)
                {
                    return false;
                }

                if (counts.TryUpdate(key, current + 1, current))
                {
                    return true;
                }
            }
            else if (counts.TryAdd(key, 1))
            {
                return true;
            }
        }
    }

    // Entries at zero are removed, so that a stream of distinct users or addresses does not grow the table.
    private static void Decrement<TKey>(ConcurrentDictionary<TKey, int> counts, TKey key)
        where TKey : notnull
    {
        while (counts.TryGetValue(key, out var current))
        {
            if (current <= 1)
            {
                if (counts.TryRemove(new KeyValuePair<TKey, int>(key, current)))
                {
                    return;
                }
            }
            else if (counts.TryUpdate(key, current - 1, current))
            {
                return;
            }
        }
    }
}
