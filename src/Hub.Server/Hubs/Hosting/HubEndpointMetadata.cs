namespace HubFramework.Server.Hubs;

/// <summary>
/// Endpoint metadata <c>MapHub</c> puts on a hub's endpoints: which hub is served at which route pattern. Tools that
/// describe or inspect the mapped hubs (AsyncAPI document, inspector, health checks) find the hubs through it.
/// </summary>
public sealed class HubEndpointMetadata
{
    /// <summary>Creates the metadata.</summary>
    /// <param name="hubType">The hub class.</param>
    /// <param name="pattern">The route pattern it was mapped at (without <c>/negotiate</c>).</param>
    public HubEndpointMetadata(Type hubType, string pattern)
    {
        ArgumentNullException.ThrowIfNull(hubType);
        ArgumentException.ThrowIfNullOrEmpty(pattern);
        HubType = hubType;
        Pattern = pattern;
    }

    /// <summary>The hub class.</summary>
    public Type HubType { get; }

    /// <summary>The route pattern, e.g. <c>/hubs/chat</c>.</summary>
    public string Pattern { get; }
}
