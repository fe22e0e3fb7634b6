using System.Text.Json;
using HubFramework.Samples.Whiteboard.Boards;
using HubFramework.Server.Hubs;

namespace HubFramework.Samples.Whiteboard.Hubs;

/// <summary>
/// What a participant carries as its room presence state: <c>{ "name", "color" }</c>, small JSON that the framework
/// keeps with the member (in NATS Key/Value across nodes) and sends with every presence event.
/// </summary>
public sealed record ParticipantState(string Name, string Color)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>The participant a room member stands for; a member whose state is not ours gets neutral defaults.</summary>
    public static Participant ToParticipant(RoomMember member)
    {
        ParticipantState? state = null;
        if (member.State is { ValueKind: JsonValueKind.Object } element)
        {
            try
            {
                state = element.Deserialize<ParticipantState>(Json);
            }
            catch (JsonException)
            {
                // Written by something other than this hub: shown as a guest rather than failing the whole list.
            }
        }

        return new Participant { ConnectionId = member.ConnectionId, Name = state?.Name ?? "Guest", Color = state?.Color ?? "#757575" };
    }
}
