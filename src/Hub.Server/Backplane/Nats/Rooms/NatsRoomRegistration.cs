using HubFramework.Server.Hubs;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace HubFramework.Server.Backplane.Nats.Rooms;

/// <summary>Puts room state on NATS Key/Value (called by <c>AddNatsBackplane</c>).</summary>
internal static class NatsRoomRegistration
{
    public static void AddNatsRooms(IServiceCollection services)
    {
        services.AddOptions<NatsRoomStoreOptions>();
        services.TryAddSingleton<NatsRoomDirectory>();
        services.AddHostedService(static sp => sp.GetRequiredService<NatsRoomDirectory>());
        services.Replace(ServiceDescriptor.Singleton<IRoomStoreFactory, NatsRoomStoreFactory>());
    }
}
