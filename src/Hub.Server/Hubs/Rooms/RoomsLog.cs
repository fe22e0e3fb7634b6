using Microsoft.Extensions.Logging;

namespace HubFramework.Server.Hubs.Rooms;

/// <summary>Log messages of rooms and presence (event ids 3200–3249).</summary>
internal static partial class RoomsLog
{
    [LoggerMessage(EventId = 3200, EventName = "RoomJoinRefused", Level = LogLevel.Debug, Message = "Connection {ConnectionId} may not join or update room {Room}: {Reason}")]
    public static partial void Refused(ILogger logger, string connectionId, string room, string reason);

    [LoggerMessage(EventId = 3201, EventName = "RoomLeaveFailed", Level = LogLevel.Warning, Message = "Connection {ConnectionId} could not leave room {Room} cleanly.")]
    public static partial void LeaveFailed(ILogger logger, string connectionId, string room, Exception exception);

    [LoggerMessage(EventId = 3202, EventName = "RoomMemberLost", Level = LogLevel.Information, Message = "Member {ConnectionId} of room {Room} left with its node.")]
    public static partial void MemberLost(ILogger logger, string connectionId, string room);

    [LoggerMessage(EventId = 3203, EventName = "PresenceSendFailed", Level = LogLevel.Warning, Message = "The presence event of {ConnectionId} in room {Room} could not be sent.")]
    public static partial void PresenceSendFailed(ILogger logger, string connectionId, string room, Exception exception);
}
