namespace HubFramework.Server.Hubs;

/// <summary>Creates the room store of each namespace; replaced by a cluster-wide implementation on a backplane.</summary>
public interface IRoomStoreFactory
{
    /// <summary>
    /// Creates the store of the namespace <paramref name="namespaceKey"/>. <paramref name="memberLost"/> is called for
    /// each member the store drops by itself (the node that held it died), so the room manager can tell the others.
    /// </summary>
    RoomStore Create(string namespaceKey, Func<string, RoomMember, Task> memberLost);
}
