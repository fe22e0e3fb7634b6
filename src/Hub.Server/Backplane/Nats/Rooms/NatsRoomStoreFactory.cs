using HubFramework.Server.Hubs;

namespace HubFramework.Server.Backplane.Nats.Rooms;

/// <summary>Creates each namespace's <see cref="NatsRoomStore"/>.</summary>
internal sealed class NatsRoomStoreFactory(NatsRoomDirectory directory) : IRoomStoreFactory
{
    public RoomStore Create(string namespaceKey, Func<string, RoomMember, Task> memberLost)
    {
        directory.Register(namespaceKey, memberLost);
        return new NatsRoomStore(directory, namespaceKey);
    }
}
