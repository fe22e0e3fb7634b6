using System.Text.Json;
using System.Text.Json.Serialization;
using HubFramework.Server.Hubs;

namespace HubFramework.Server.Backplane.Nats.Rooms;

/// <summary>The value of a member key: the member and the node that holds its connection.</summary>
internal sealed class NatsRoomEntry
{
    [JsonPropertyName("c")]
    public string ConnectionId { get; set; } = string.Empty;

    [JsonPropertyName("u")]
    public string? User { get; set; }

    [JsonPropertyName("s")]
    public JsonElement? State { get; set; }

    [JsonPropertyName("n")]
    public string Node { get; set; } = string.Empty;

    public RoomMember ToMember() => new(ConnectionId, User, State);

    public byte[] Serialize() => JsonSerializer.SerializeToUtf8Bytes(this);

    public static NatsRoomEntry? Deserialize(byte[]? value)
    {
        if (value is null || value.Length == 0)
        {
            return null;
        }

        try
        {
            return JsonSerializer.Deserialize<NatsRoomEntry>(value);
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
