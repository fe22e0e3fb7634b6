using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace HubFramework.Server.Tests.Hubs;

/// <summary>
/// Authenticates <c>access_token=user:NAME</c> or <c>access_token=admin:NAME</c> (query string, as browsers send it for
/// WebSockets): the user NAME, with role "admin" for the second form.
/// </summary>
internal sealed class QueryTokenAuthenticationHandler(IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "QueryToken";

    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var token = Request.Query["access_token"].ToString();
        var separator = token.IndexOf(':', StringComparison.Ordinal);
        if (separator <= 0)
        {
            return Task.FromResult(AuthenticateResult.NoResult());
        }

        var name = token[(separator + 1)..];
        var claims = new List<Claim> { new(ClaimTypes.Name, name), new(ClaimTypes.NameIdentifier, name) };
        if (token.StartsWith("admin:", StringComparison.Ordinal))
        {
            claims.Add(new Claim("role", "admin"));
        }

        var principal = new ClaimsPrincipal(new ClaimsIdentity(claims, SchemeName));
        return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(principal, SchemeName)));
    }
}
