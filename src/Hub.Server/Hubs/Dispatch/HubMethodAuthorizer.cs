using System.Security.Claims;
using Microsoft.AspNetCore.Authorization;

namespace HubFramework.Server.Hubs.Dispatch;

/// <summary>Checks a method's [Authorize] requirements with ASP.NET Core authorization, per invocation.</summary>
internal sealed class HubMethodAuthorizer
{
    private readonly IAuthorizationPolicyProvider? _policyProvider;
    private readonly IAuthorizationService? _authorizationService;

    public HubMethodAuthorizer(IAuthorizationPolicyProvider? policyProvider, IAuthorizationService? authorizationService)
    {
        _policyProvider = policyProvider;
        _authorizationService = authorizationService;
    }

    /// <summary>Fails at start-up, not at the first call, when a hub needs authorization services nobody registered.</summary>
    public void EnsureAvailableFor(HubMethodTable methods, Type hubType)
    {
        if (_policyProvider is not null && _authorizationService is not null)
        {
            return;
        }

        var protectedMethod = methods.Methods.FirstOrDefault(m => m.AuthorizeData.Length > 0);
        if (protectedMethod is not null)
        {
            throw new InvalidOperationException(
                $"Hub method '{protectedMethod.Name}' of hub '{hubType.Name}' has [Authorize], but no authorization services are registered (call services.AddAuthorization()).");
        }
    }

    public async ValueTask<bool> IsAuthorizedAsync(ClaimsPrincipal user, HubMethodDescriptor method, object resource)
    {
        if (method.AuthorizeData.Length == 0)
        {
            return true;
        }

        var policy = method.CachedPolicy;
        if (policy is null)
        {
            policy = await AuthorizationPolicy.CombineAsync(_policyProvider!, method.AuthorizeData).ConfigureAwait(false);
            if (policy is null)
            {
                return true;
            }

            if (_policyProvider!.AllowsCachingPolicies)
            {
                method.CachedPolicy = policy;
            }
        }

        var result = await _authorizationService!.AuthorizeAsync(user, resource, policy).ConfigureAwait(false);
        return result.Succeeded;
    }
}
