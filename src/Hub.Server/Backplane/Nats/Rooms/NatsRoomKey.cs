using System.Buffers.Text;
using System.Text;

namespace HubFramework.Server.Backplane.Nats.Rooms;

/// <summary>
/// Key/Value keys of room members: <c>m.{namespace}.{room}.{connection}</c>, each part base64url (no padding), so any
/// namespace, room or id fits the key alphabet and one part never spills into the next.
/// </summary>
internal static class NatsRoomKey
{
    public const string MembersFilter = "m.>";

    public static string Member(string scope, string room, string connectionId)
        => $"m.{Encode(scope)}.{Encode(room)}.{Encode(connectionId)}";

    public static bool TryParse(string key, out string scope, out string room, out string connectionId)
    {
        scope = room = connectionId = string.Empty;
        var parts = key.Split('.');
        if (parts.Length != 4 || parts[0] != "m")
        {
            return false;
        }

        try
        {
            scope = Decode(parts[1]);
            room = Decode(parts[2]);
            connectionId = Decode(parts[3]);
            return true;
        }
        catch (FormatException)
        {
            return false;
        }
    }

    private static string Encode(string value) => Base64Url.EncodeToString(Encoding.UTF8.GetBytes(value));

    private static string Decode(string value) => Encoding.UTF8.GetString(Base64Url.DecodeFromChars(value));
}
