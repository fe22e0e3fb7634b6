using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace HubFramework.Interop;

/// <summary>
/// Accepts exactly the contract's fixed bearer tokens (header or <c>access_token</c> query, the latter because
/// browsers cannot set headers on WebSocket/EventSource requests): <c>interop-token</c> signs the caller in as
/// <c>interop-user</c>, <c>interop-token-2</c> as <c>interop-user-2</c>.
/// </summary>
public sealed class InteropBearerAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "InteropBearer";
    public const string Token = "interop-token";
    public const string UserName = "interop-user";
    public const string Token2 = "interop-token-2";
    public const string UserName2 = "interop-user-2";

    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var token = ReadToken();
        if (token is null)
        {
            return Task.FromResult(AuthenticateResult.NoResult());
        }
        var user = token switch
        {
            Token => UserName,
            Token2 => UserName2,
            _ => null,
        };
        if (user is null)
        {
            return Task.FromResult(AuthenticateResult.Fail("Invalid token."));
        }
        var identity = new ClaimsIdentity([new Claim(ClaimTypes.Name, user)], SchemeName);
        return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName)));
    }

    private string? ReadToken()
    {
        string? header = Request.Headers.Authorization;
        if (header is not null && header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return header["Bearer ".Length..].Trim();
        }
        string? query = Request.Query["access_token"];
        return string.IsNullOrEmpty(query) ? null : query;
    }
}
