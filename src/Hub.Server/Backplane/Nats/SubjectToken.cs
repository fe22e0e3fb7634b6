using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;

namespace HubFramework.Server.Backplane.Nats;

/// <summary>
/// Turns any name (a scope, a group, a user id) into one NATS subject token. Names of up to 64 characters of
/// <c>A-Z a-z 0-9 - _</c> stay readable (<c>v{name}</c>); others are base64url-encoded (<c>e…</c>), and long ones hashed
/// (<c>h…</c>). Hashes can collide, so receivers always compare the exact name carried in the message.
/// </summary>
internal static class SubjectToken
{
    private const int MaxReadableLength = 64;
    private const int MaxEncodedBytes = 96;

    public static string Encode(string name)
    {
        if (name.Length is > 0 and <= MaxReadableLength && IsReadable(name))
        {
            return "v" + name;
        }

        var bytes = Encoding.UTF8.GetBytes(name);
        if (bytes.Length <= MaxEncodedBytes)
        {
            return "e" + Base64Url.EncodeToString(bytes);
        }

        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(bytes, hash);
        return "h" + Base64Url.EncodeToString(hash[..18]);
    }

    private static bool IsReadable(string name)
    {
        foreach (var c in name)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c == '-' || c == '_'))
            {
                return false;
            }
        }

        return true;
    }
}
