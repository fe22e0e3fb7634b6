using Microsoft.AspNetCore.Builder;

namespace HubFramework.Server.Connections;

/// <summary>
/// Applies conventions (authorization, CORS, metadata) to every endpoint of a connection endpoint: the negotiate
/// endpoint must be as protected as the transport endpoint, or it would hand out connections.
/// </summary>
internal sealed class ConnectionEndpointConventionBuilder : IEndpointConventionBuilder
{
    private readonly IEndpointConventionBuilder[] _builders;

    public ConnectionEndpointConventionBuilder(params IEndpointConventionBuilder[] builders) => _builders = builders;

    public void Add(Action<EndpointBuilder> convention)
    {
        foreach (var builder in _builders)
        {
            builder.Add(convention);
        }
    }

    public void Finally(Action<EndpointBuilder> finallyConvention)
    {
        foreach (var builder in _builders)
        {
            builder.Finally(finallyConvention);
        }
    }
}
