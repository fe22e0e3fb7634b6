using System.Security.Claims;
using HubFramework.Server.Connections;
using HubFramework.Server.Hubs.Hosting;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace HubFramework.Server.Hubs.Multiplexing;

/// <summary>
/// Finds the mapped hub endpoint a multiplexed open addresses (static paths first, then patterns with route
/// values, like <see cref="Namespaces.HubNamespaceRegistry{THub}.Resolve"/>) and applies that endpoint's
/// authorization metadata to the physical connection's user.
/// </summary>
internal sealed class MultiplexTargetResolver
{
    private readonly IEnumerable<EndpointDataSource> _sources;
    private readonly IServiceProvider _services;
    private Target[]? _targets;

    public MultiplexTargetResolver(IEnumerable<EndpointDataSource> sources, IServiceProvider services)
    {
        _sources = sources;
        _services = services;
    }

    /// <summary>The outcome of resolving a path: a handler to serve it, or why not.</summary>
    public readonly record struct Resolution(IConnectionHandler? Handler, string? EndpointPath, RouteValueDictionary? RouteValues, string? Error);

    public async Task<Resolution> ResolveAsync(string path, ClaimsPrincipal user)
    {
        var normalized = "/" + path.Trim('/');
        var targets = _targets ??= Collect();
        Target? found = null;
        string canonical = normalized;
        RouteValueDictionary values = new();
        foreach (var target in targets)
        {
            if (!target.Template.IsDynamic && string.Equals(target.Template.Pattern, normalized, StringComparison.OrdinalIgnoreCase))
            {
                found = target;
                canonical = target.Template.Pattern;
                break;
            }
        }

        if (found is null)
        {
            foreach (var target in targets)
            {
                if (target.Template.IsDynamic && target.Template.TryMatch(normalized, out canonical, out values))
                {
                    found = target;
                    break;
                }
            }
        }

        if (found is null)
        {
            return new(null, null, null, $"No hub is mapped at '{normalized}'.");
        }

        if (!await IsAuthorizedAsync(found.Endpoint, user).ConfigureAwait(false))
        {
            return new(null, null, null, $"Unauthorized: the user may not open '{normalized}'.");
        }

        var handler = (IConnectionHandler)_services.GetRequiredService(typeof(HubConnectionHandler<>).MakeGenericType(found.HubType));
        return new(handler, canonical, values, null);
    }

    private async Task<bool> IsAuthorizedAsync(Endpoint endpoint, ClaimsPrincipal user)
    {
        var metadata = endpoint.Metadata;
        if (metadata.GetMetadata<IAllowAnonymous>() is not null)
        {
            return true;
        }

        var authorizeData = metadata.GetOrderedMetadata<IAuthorizeData>();
        var policies = metadata.GetOrderedMetadata<AuthorizationPolicy>();
        if (authorizeData.Count == 0 && policies.Count == 0)
        {
            return true;
        }

        var provider = _services.GetService<IAuthorizationPolicyProvider>();
        var authorization = _services.GetService<IAuthorizationService>();
        if (provider is null || authorization is null)
        {
            // The endpoint demands authorization the app cannot evaluate: refuse rather than let it through.
            return false;
        }

        var policy = await AuthorizationPolicy.CombineAsync(provider, authorizeData, policies).ConfigureAwait(false);
        if (policy is null)
        {
            return true;
        }

        var result = await authorization.AuthorizeAsync(user, resource: null, policy).ConfigureAwait(false);
        return result.Succeeded;
    }

    private Target[] Collect()
    {
        var targets = new List<Target>();
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var source in _sources)
        {
            foreach (var endpoint in source.Endpoints)
            {
                if (endpoint.Metadata.GetMetadata<HubEndpointMetadata>() is { } hub && seen.Add(hub.Pattern))
                {
                    targets.Add(new Target(hub.HubType, new EndpointPathTemplate(hub.Pattern), endpoint));
                }
            }
        }

        return [.. targets];
    }

    private sealed record Target(Type HubType, EndpointPathTemplate Template, Endpoint Endpoint);
}
