namespace HubFramework.Server.Hubs;

/// <summary>
/// Deduplicates recipients of a send that spans several groups, users or ids (each connection gets the message once).
/// One set per thread is reused: fan-out only enqueues and never awaits, so a set is never held across an await.
/// </summary>
internal static class RecipientSet
{
    // A set that grew for one huge send is not kept forever.
    private const int MaxRetainedCapacity = 4096;

    [ThreadStatic]
    private static HashSet<HubConnectionContext>? t_cached;

    public static HashSet<HubConnectionContext> Rent()
    {
        var set = t_cached ?? new HashSet<HubConnectionContext>(ReferenceEqualityComparer.Instance);
        t_cached = null;
        return set;
    }

    public static void Return(HashSet<HubConnectionContext> set)
    {
        var large = set.Count > MaxRetainedCapacity;
        set.Clear();
        if (!large)
        {
            t_cached = set;
        }
    }
}
