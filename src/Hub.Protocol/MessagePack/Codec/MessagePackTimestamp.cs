namespace HubFramework.Protocol.MessagePack;

/// <summary>
/// The MessagePack timestamp extension (type -1): seconds since the Unix epoch plus nanoseconds. Its range is wider
/// than <see cref="DateTime"/>'s and its precision finer (DateTime keeps 100 ns ticks, so conversions truncate).
/// </summary>
public readonly struct MessagePackTimestamp : IEquatable<MessagePackTimestamp>
{
    private const long TicksPerSecond = TimeSpan.TicksPerSecond;
    private const long NanosecondsPerTick = 100;
    private static readonly long MinDateTimeSeconds = (DateTime.MinValue.Ticks - DateTime.UnixEpoch.Ticks) / TicksPerSecond;
    private static readonly long MaxDateTimeSeconds = (DateTime.MaxValue.Ticks - DateTime.UnixEpoch.Ticks) / TicksPerSecond;

    /// <summary>Creates a timestamp.</summary>
    /// <param name="seconds">Seconds since 1970-01-01T00:00:00Z (negative before).</param>
    /// <param name="nanoseconds">Nanoseconds added to <paramref name="seconds"/>, below one billion.</param>
    public MessagePackTimestamp(long seconds, uint nanoseconds)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(nanoseconds, 1_000_000_000u);
        Seconds = seconds;
        Nanoseconds = nanoseconds;
    }

    /// <summary>Seconds since 1970-01-01T00:00:00Z.</summary>
    public long Seconds { get; }

    /// <summary>Nanoseconds within the second (0 to 999,999,999).</summary>
    public uint Nanoseconds { get; }

    /// <summary>The instant of <paramref name="value"/>; local times are converted to UTC, unspecified ones are taken as UTC.</summary>
    public static MessagePackTimestamp FromDateTime(DateTime value)
    {
        if (value.Kind == DateTimeKind.Local)
        {
            value = value.ToUniversalTime();
        }

        return FromUtcTicks(value.Ticks);
    }

    /// <summary>The instant of <paramref name="value"/> (the offset is not kept).</summary>
    public static MessagePackTimestamp FromDateTimeOffset(DateTimeOffset value) => FromUtcTicks(value.UtcTicks);

    /// <summary>Whether the instant lies within <see cref="DateTime"/>'s range.</summary>
    public bool TryToDateTime(out DateTime value)
    {
        if (Seconds < MinDateTimeSeconds || Seconds > MaxDateTimeSeconds)
        {
            value = default;
            return false;
        }

        long ticks = DateTime.UnixEpoch.Ticks + (Seconds * TicksPerSecond) + (Nanoseconds / NanosecondsPerTick);
        if (ticks < DateTime.MinValue.Ticks || ticks > DateTime.MaxValue.Ticks)
        {
            value = default;
            return false;
        }

        value = new DateTime(ticks, DateTimeKind.Utc);
        return true;
    }

    /// <summary>The instant as a UTC <see cref="DateTime"/> (truncated to 100 ns).</summary>
    /// <exception cref="OverflowException">The instant is outside <see cref="DateTime"/>'s range.</exception>
    public DateTime ToDateTime() =>
        TryToDateTime(out var value) ? value : throw new OverflowException($"The timestamp {this} is outside the range of DateTime.");

    /// <summary>The instant as a <see cref="DateTimeOffset"/> with offset zero (truncated to 100 ns).</summary>
    public DateTimeOffset ToDateTimeOffset() => new(ToDateTime());

    /// <inheritdoc />
    public bool Equals(MessagePackTimestamp other) => Seconds == other.Seconds && Nanoseconds == other.Nanoseconds;

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is MessagePackTimestamp other && Equals(other);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Seconds, Nanoseconds);

    /// <inheritdoc />
    public override string ToString() => $"{Seconds}.{Nanoseconds:D9}s";

    /// <summary>Equality.</summary>
    public static bool operator ==(MessagePackTimestamp left, MessagePackTimestamp right) => left.Equals(right);

    /// <summary>Inequality.</summary>
    public static bool operator !=(MessagePackTimestamp left, MessagePackTimestamp right) => !left.Equals(right);

    private static MessagePackTimestamp FromUtcTicks(long utcTicks)
    {
        long sinceEpoch = utcTicks - DateTime.UnixEpoch.Ticks;
        long seconds = Math.DivRem(sinceEpoch, TicksPerSecond, out long remainder);
        if (remainder < 0)
        {
            // Floor division: nanoseconds are always added to an earlier whole second.
            seconds--;
            remainder += TicksPerSecond;
        }

        return new MessagePackTimestamp(seconds, (uint)(remainder * NanosecondsPerTick));
    }
}
