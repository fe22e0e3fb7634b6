using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Options;

namespace HubFramework.Server.Connections.Security;

/// <summary>
/// Caps Kestrel's concurrent sockets just below the open-file limit when the application left
/// <c>MaxConcurrentConnections</c> unset (<see cref="ClientConnectionsOptions.LimitServerSocketsToDescriptors"/>):
/// the connection cap refuses connections with 503, but raw sockets that never send a request would otherwise still
/// run the process out of descriptors.
/// </summary>
internal sealed class KestrelDescriptorLimitSetup(IOptions<ClientConnectionsOptions> options) : IConfigureOptions<KestrelServerOptions>
{
    public void Configure(KestrelServerOptions kestrel)
    {
        if (!options.Value.LimitServerSocketsToDescriptors || kestrel.Limits.MaxConcurrentConnections is not null)
        {
            return;
        }

        if (DescriptorLimit.Read() is { } limit)
        {
            kestrel.Limits.MaxConcurrentConnections = DescriptorLimit.SocketCapFor(limit, DescriptorLimit.InUseAtStart);
        }
    }
}
