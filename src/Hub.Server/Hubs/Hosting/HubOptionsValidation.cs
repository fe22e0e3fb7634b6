using HubFramework.Server.Hubs.Outbound;

namespace HubFramework.Server.Hubs.Hosting;

/// <summary>
/// Checks every hub option once, when the hub's handler is built (at <c>MapHub</c>), so a bad value stops the app at
/// start-up with the option's name instead of failing the first connection (or every one of them).
/// </summary>
internal static class HubOptionsValidation
{
    // Timer and CancelAfter limit: about 49.7 days; larger (but finite) values would throw per connection.
    private static readonly TimeSpan LongestTimeout = TimeSpan.FromMilliseconds(uint.MaxValue - 1);

    // Mirrors ConnectionOutbound's own bound, so the start-up check and the per-connection one agree.
    private static readonly TimeSpan LongestOutboundWait = TimeSpan.FromDays(24);

    public static void Validate(HubOptions options, string hubName)
    {
        ArgumentNullException.ThrowIfNull(options);
        var prefix = $"Hub '{hubName}': HubOptions.";

        RequireTimeout(options.HandshakeTimeout, prefix + nameof(HubOptions.HandshakeTimeout));
        RequireTimeout(options.KeepAliveInterval, prefix + nameof(HubOptions.KeepAliveInterval));
        RequireTimeout(options.ClientTimeoutInterval, prefix + nameof(HubOptions.ClientTimeoutInterval));

        Require(options.MaximumParallelInvocationsPerClient >= 1, prefix + nameof(HubOptions.MaximumParallelInvocationsPerClient), options.MaximumParallelInvocationsPerClient, "must be at least 1");
        Require(options.MaximumQueuedInvocationsPerClient >= 0, prefix + nameof(HubOptions.MaximumQueuedInvocationsPerClient), options.MaximumQueuedInvocationsPerClient, "must not be negative");
        Require(options.StreamBufferCapacity >= 1, prefix + nameof(HubOptions.StreamBufferCapacity), options.StreamBufferCapacity, "must be at least 1");
        Require(options.MaximumReceiveMessageSize is null or > 0, prefix + nameof(HubOptions.MaximumReceiveMessageSize), options.MaximumReceiveMessageSize, "must be positive, or null for no limit");
        Require(options.StatefulReconnectBufferSize > 0, prefix + nameof(HubOptions.StatefulReconnectBufferSize), options.StatefulReconnectBufferSize, "must be positive");

        var queue = options.OutboundQueue;
        Require(queue is not null, prefix + nameof(HubOptions.OutboundQueue), queue, "must be set");
        var queueName = prefix + nameof(HubOptions.OutboundQueue) + ".";
        Require(queue!.MaxQueuedBytes > 0, queueName + nameof(OutboundQueueOptions.MaxQueuedBytes), queue.MaxQueuedBytes, "must be positive");
        Require(queue.MaxQueuedMessages > 0, queueName + nameof(OutboundQueueOptions.MaxQueuedMessages), queue.MaxQueuedMessages, "must be positive");
        Require(queue.MaxWait >= TimeSpan.Zero && queue.MaxWait <= LongestOutboundWait, queueName + nameof(OutboundQueueOptions.MaxWait), queue.MaxWait, "must be between zero and 24 days");
        Require(Enum.IsDefined(queue.Policy), queueName + nameof(OutboundQueueOptions.Policy), queue.Policy, "is not a known policy");

        Require(options.MaximumNamespaces >= 1, prefix + nameof(HubOptions.MaximumNamespaces), options.MaximumNamespaces, "must be at least 1");
        Require(options.MaximumNamespacesPerConnection is >= 0 and <= 1024, prefix + nameof(HubOptions.MaximumNamespacesPerConnection), options.MaximumNamespacesPerConnection, "must be between 0 (off) and 1024");

        var rooms = options.Rooms;
        Require(rooms is not null, prefix + nameof(HubOptions.Rooms), rooms, "must be set");
        var roomsName = prefix + nameof(HubOptions.Rooms) + ".";
        Require(rooms!.PresenceMethod is null || rooms.PresenceMethod.Length > 0, roomsName + nameof(RoomOptions.PresenceMethod), rooms.PresenceMethod, "must be null (no presence events) or a method name");
        Require(rooms.MaximumStateSize > 0, roomsName + nameof(RoomOptions.MaximumStateSize), rooms.MaximumStateSize, "must be positive");
        Require(rooms.MaximumRoomsPerConnection > 0, roomsName + nameof(RoomOptions.MaximumRoomsPerConnection), rooms.MaximumRoomsPerConnection, "must be positive");
        Require(rooms.MaximumRoomNameLength > 0, roomsName + nameof(RoomOptions.MaximumRoomNameLength), rooms.MaximumRoomNameLength, "must be positive");
        Require(rooms.PresenceUpdateBurst >= 1, roomsName + nameof(RoomOptions.PresenceUpdateBurst), rooms.PresenceUpdateBurst, "must be at least 1");
        Require(double.IsFinite(rooms.PresenceUpdatesPerSecond) && rooms.PresenceUpdatesPerSecond >= 0.001 && rooms.PresenceUpdatesPerSecond <= 1_000_000, roomsName + nameof(RoomOptions.PresenceUpdatesPerSecond), rooms.PresenceUpdatesPerSecond, "must be between 0.001 and 1,000,000");

        if (options.RateLimit is { } rateLimit)
        {
            var rateName = prefix + nameof(HubOptions.RateLimit) + ".";
            Require(rateLimit.TokenLimit >= 1, rateName + nameof(InvocationRateLimitOptions.TokenLimit), rateLimit.TokenLimit, "must be at least 1");
            Require(rateLimit.TokensPerPeriod >= 1, rateName + nameof(InvocationRateLimitOptions.TokensPerPeriod), rateLimit.TokensPerPeriod, "must be at least 1");
            Require(rateLimit.ReplenishmentPeriod > TimeSpan.Zero, rateName + nameof(InvocationRateLimitOptions.ReplenishmentPeriod), rateLimit.ReplenishmentPeriod, "must be positive");
            Require(Enum.IsDefined(rateLimit.Action), rateName + nameof(InvocationRateLimitOptions.Action), rateLimit.Action, "is not a known action");
        }
    }

    private static void RequireTimeout(TimeSpan value, string name) =>
        Require(
            value == Timeout.InfiniteTimeSpan || (value > TimeSpan.Zero && value <= LongestTimeout),
            name,
            value,
            "must be positive (at most 49 days) or Timeout.InfiniteTimeSpan");

    private static void Require(bool valid, string name, object? value, string rule)
    {
        if (!valid)
        {
            throw new ArgumentOutOfRangeException(name, value, $"{name} {rule} (was {value?.ToString() ?? "null"}).");
        }
    }
}
