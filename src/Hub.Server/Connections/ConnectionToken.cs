using System.Buffers.Text;
using System.Security.Cryptography;

namespace HubFramework.Server.Connections;

/// <summary>
/// Connection tokens: <c>{nodeId}.{random}</c>, where the random part is 16 bytes from a cryptographic generator
/// (base64url). Clients treat tokens as opaque; servers can read the owning node from them to route requests.
/// </summary>
public static class ConnectionToken
{
    /// <summary>Separates the node id from the random part.</summary>
    public const char Separator = '.';

    private const int RandomBytes = 16;
    private const int MaxNodeIdLength = 32;

    /// <summary>Reads the owning node's id from <paramref name="token"/>; false when the token is not in this form.</summary>
    public static bool TryGetNodeId(string? token, out string nodeId)
    {
        nodeId = string.Empty;
        if (string.IsNullOrEmpty(token))
        {
            return false;
        }

        var separator = token.IndexOf(Separator);
        if (separator <= 0 || separator == token.Length - 1 || !IsValidNodeId(token.AsSpan(0, separator)))
        {
            return false;
        }

        nodeId = token[..separator];
        return true;
    }

    /// <summary>Whether <paramref name="nodeId"/> can be embedded in a token (1 to 32 of <c>A-Z a-z 0-9 - _</c>).</summary>
    public static bool IsValidNodeId(ReadOnlySpan<char> nodeId)
    {
        if (nodeId.IsEmpty || nodeId.Length > MaxNodeIdLength)
        {
            return false;
        }

        foreach (var c in nodeId)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c == '-' || c == '_'))
            {
                return false;
            }
        }

        return true;
    }

    internal static string Create(string nodeId) => string.Concat(nodeId, Separator.ToString(), CreateRandomId());

    /// <summary>16 cryptographically random bytes, base64url (22 characters).</summary>
    internal static string CreateRandomId()
    {
        Span<byte> bytes = stackalloc byte[RandomBytes];
        RandomNumberGenerator.Fill(bytes);
        return Base64Url.EncodeToString(bytes);
    }

    internal static string CreateNodeId()
    {
        Span<byte> bytes = stackalloc byte[6];
        RandomNumberGenerator.Fill(bytes);
        return Base64Url.EncodeToString(bytes);
    }
}
