namespace HubFramework.Server.Hubs;

/// <summary>Options of the hub inspector page (<c>MapHubInspector</c>).</summary>
public sealed class HubInspectorOptions
{
    /// <summary>
    /// The authorization policy every inspector request must satisfy. Null (the default) means the application's
    /// default policy (an authenticated user, unless configured otherwise). A named policy must be registered.
    /// </summary>
    public string? AuthorizationPolicy { get; set; }

    /// <summary>
    /// Serves the inspector without authorization. Off by default: the page lists users and connection ids and can
    /// disconnect clients; turn it on only where the network itself is trusted (local development, tests).
    /// </summary>
    public bool AllowAnonymous { get; set; }

    /// <summary>How often the page refreshes. Default 1 second; 100 ms to 1 minute.</summary>
    public TimeSpan RefreshInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>At most this many connections are listed per snapshot (counts stay exact). Default 1,000; 1 to 100,000.</summary>
    public int MaxListedConnections { get; set; } = 1_000;

    /// <summary>At most this many groups are listed per hub (counts stay exact). Default 500; 1 to 100,000.</summary>
    public int MaxListedGroups { get; set; } = 500;

    internal void Validate()
    {
        if (RefreshInterval < TimeSpan.FromMilliseconds(100) || RefreshInterval > TimeSpan.FromMinutes(1))
        {
            throw new InvalidOperationException($"HubInspectorOptions.RefreshInterval must be between 100 ms and 1 minute, not {RefreshInterval}.");
        }

        if (MaxListedConnections is < 1 or > 100_000)
        {
            throw new InvalidOperationException($"HubInspectorOptions.MaxListedConnections must be between 1 and 100000, not {MaxListedConnections}.");
        }

        if (MaxListedGroups is < 1 or > 100_000)
        {
            throw new InvalidOperationException($"HubInspectorOptions.MaxListedGroups must be between 1 and 100000, not {MaxListedGroups}.");
        }

        if (AuthorizationPolicy is { } policy && string.IsNullOrWhiteSpace(policy))
        {
            throw new InvalidOperationException("HubInspectorOptions.AuthorizationPolicy must be null or a policy name.");
        }
    }
}
