using System.Security.Claims;
using System.Text;

namespace HubFramework.Server.Connections.Security;

/// <summary>
/// The identity a connection belongs to: the user that negotiated it (or opened it with a WebSocket upgrade), or
/// "anonymous". Every later request for the connection must come from the same identity, so that a connection token
/// seen by someone else (it travels in query strings, and lands in proxy logs) is useless to them.
/// </summary>
/// <remarks>
/// A user is recognised by the first of its name-identifier, <c>sub</c> or name claims (so a refreshed token of
/// the same user still matches); an authenticated principal without any of them by all of its claims.
/// </remarks>
internal readonly struct ConnectionOwner : IEquatable<ConnectionOwner>
{
    private const string SubjectClaim = "sub";

    // Null: anonymous.
    private readonly string? _key;

    private ConnectionOwner(string? key) => _key = key;

    public bool IsAnonymous => _key is null;

    public static ConnectionOwner Of(ClaimsPrincipal? user) => new(KeyOf(user));

    /// <summary>Whether a request made as <paramref name="user"/> may use the connection.</summary>
    public bool Matches(ClaimsPrincipal? user) => string.Equals(_key, KeyOf(user), StringComparison.Ordinal);

    public bool Equals(ConnectionOwner other) => string.Equals(_key, other._key, StringComparison.Ordinal);

    public override bool Equals(object? obj) => obj is ConnectionOwner other && Equals(other);

    public override int GetHashCode() => _key is null ? 0 : StringComparer.Ordinal.GetHashCode(_key);

    /// <summary>A key for per-user counting; null for anonymous.</summary>
    public string? Key => _key;

    private static string? KeyOf(ClaimsPrincipal? user)
    {
        if (user is null)
        {
            return null;
        }

        ClaimsIdentity? authenticated = null;
        foreach (var identity in user.Identities)
        {
            if (identity.IsAuthenticated)
            {
                authenticated = identity;
                break;
            }
        }

        if (authenticated is null)
        {
            return null;
        }

        // Prefixed so that a name can never pose as another user's identifier.
        if (user.FindFirst(ClaimTypes.NameIdentifier)?.Value is { Length: > 0 } id)
        {
            return "id:" + id;
        }

        if (user.FindFirst(SubjectClaim)?.Value is { Length: > 0 } subject)
        {
            return "sub:" + subject;
        }

        if (authenticated.Name is { Length: > 0 } name)
        {
            return "name:" + name;
        }

        var all = new StringBuilder("claims:");
        foreach (var claim in user.Claims)
        {
            all.Append(claim.Type.Length).Append(':').Append(claim.Type).Append(claim.Value.Length).Append(':').Append(claim.Value).Append(';');
        }

        return all.ToString();
    }
}
