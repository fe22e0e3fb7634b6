using Microsoft.Extensions.Logging;

namespace HubFramework.Server.Hubs.Rooms;

/// <summary>Creates the room manager of each namespace over the registered <see cref="IRoomStoreFactory"/>.</summary>
internal sealed class RoomManagerFactory(IRoomStoreFactory stores, TimeProvider time, ILoggerFactory loggerFactory, RoomsMetrics metrics)
{
    private readonly ILogger _logger = loggerFactory.CreateLogger("HubFramework.Server.Hubs.Rooms");

    public RoomManager<THub> Create<THub>(string namespaceKey, HubLifetimeManager<THub> lifetimeManager, RoomOptions options)
        where THub : Hub
        => new(lifetimeManager, memberLost => stores.Create(namespaceKey, memberLost), options, time, _logger, metrics);
}
