using Microsoft.AspNetCore.Routing;

namespace HubFramework.Server.Hubs.Hosting;

/// <summary>The hubs mapped in an application, found through the <see cref="HubEndpointMetadata"/> of its endpoints.</summary>
internal static class MappedHubs
{
    /// <summary>Each (hub, pattern) once, in mapping order.</summary>
    public static IReadOnlyList<HubEndpointMetadata> Find(IEnumerable<EndpointDataSource> sources)
    {
        var found = new List<HubEndpointMetadata>();
        var seen = new HashSet<(Type, string)>();
        foreach (var source in sources)
        {
            foreach (var endpoint in source.Endpoints)
            {
                if (endpoint.Metadata.GetMetadata<HubEndpointMetadata>() is { } hub && seen.Add((hub.HubType, hub.Pattern)))
                {
                    found.Add(hub);
                }
            }
        }

        return found;
    }
}
