namespace HubFramework.Server.Hubs.Rooms;

/// <summary>Creates an <see cref="InMemoryRoomStore"/> per namespace.</summary>
internal sealed class InMemoryRoomStoreFactory : IRoomStoreFactory
{
    public RoomStore Create(string namespaceKey, Func<string, RoomMember, Task> memberLost) => new InMemoryRoomStore();
}
