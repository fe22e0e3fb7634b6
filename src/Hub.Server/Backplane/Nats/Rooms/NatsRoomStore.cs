using HubFramework.Server.Hubs;

namespace HubFramework.Server.Backplane.Nats.Rooms;

/// <summary>One namespace's rooms in the cluster-wide <see cref="NatsRoomDirectory"/>.</summary>
internal sealed class NatsRoomStore(NatsRoomDirectory directory, string scope) : RoomStore
{
    public override ValueTask<int> AddAsync(string room, RoomMember member, CancellationToken cancellationToken)
        => directory.PutAsync(scope, room, member, cancellationToken);

    public override ValueTask<bool> RemoveAsync(string room, string connectionId, CancellationToken cancellationToken)
        => directory.DeleteAsync(scope, room, connectionId, cancellationToken);

    public override ValueTask<IReadOnlyList<RoomMember>> GetMembersAsync(string room, CancellationToken cancellationToken)
        => new(directory.Members(scope, room));

    public override ValueTask<int> CountAsync(string room, CancellationToken cancellationToken)
        => new(directory.Count(scope, room));
}
