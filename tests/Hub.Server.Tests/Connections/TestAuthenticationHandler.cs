using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace HubFramework.Server.Tests.Connections;

/// <summary>
/// Authenticates requests carrying <c>X-Test-User: name</c>; <c>X-Test-Expires-Ms: n</c> makes the ticket expire
/// n milliseconds from now.
/// </summary>
internal sealed class TestAuthenticationHandler(IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "Test";
    public const string Header = "X-Test-User";
    public const string ExpiresHeader = "X-Test-Expires-Ms";

    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var name = Request.Headers[Header].ToString();
        if (name.Length == 0)
        {
            return Task.FromResult(AuthenticateResult.NoResult());
        }

        var identity = new ClaimsIdentity([new Claim(ClaimTypes.Name, name)], SchemeName);
        var properties = new AuthenticationProperties();
        if (int.TryParse(Request.Headers[ExpiresHeader].ToString(), out var milliseconds))
        {
            properties.ExpiresUtc = DateTimeOffset.UtcNow.AddMilliseconds(milliseconds);
        }

        return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), properties, SchemeName)));
    }
}
