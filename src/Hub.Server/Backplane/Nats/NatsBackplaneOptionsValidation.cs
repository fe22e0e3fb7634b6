namespace HubFramework.Server.Backplane.Nats;

/// <summary>Checks the backplane's options once, at start-up, naming the option that is wrong.</summary>
internal static class NatsBackplaneOptionsValidation
{
    // Timer and CancelAfter limit: about 49.7 days.
    private static readonly TimeSpan LongestDelay = TimeSpan.FromMilliseconds(uint.MaxValue - 1);

    public static void Validate(NatsBackplaneOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        const string prefix = "NatsBackplaneOptions.";
        Require(options.HeartbeatInterval > TimeSpan.Zero && options.HeartbeatInterval <= LongestDelay, prefix + nameof(options.HeartbeatInterval), options.HeartbeatInterval, "must be positive and at most 49 days");
        Require(options.PeerTimeout > options.HeartbeatInterval && options.PeerTimeout <= LongestDelay, prefix + nameof(options.PeerTimeout), options.PeerTimeout, "must be longer than HeartbeatInterval and at most 49 days");
        Require(options.RequestTimeout > TimeSpan.Zero && options.RequestTimeout <= LongestDelay, prefix + nameof(options.RequestTimeout), options.RequestTimeout, "must be positive and at most 49 days");
        Require(options.OutageBufferMessages > 0, prefix + nameof(options.OutageBufferMessages), options.OutageBufferMessages, "must be positive");
        Require(options.OutageBufferBytes > 0, prefix + nameof(options.OutageBufferBytes), options.OutageBufferBytes, "must be positive");
        Require(options.ReceiveBufferMessages > 0, prefix + nameof(options.ReceiveBufferMessages), options.ReceiveBufferMessages, "must be positive");
    }

    private static void Require(bool condition, string name, object? value, string rule)
    {
        if (!condition)
        {
            throw new ArgumentOutOfRangeException(name, value, $"{name} {rule}.");
        }
    }
}
