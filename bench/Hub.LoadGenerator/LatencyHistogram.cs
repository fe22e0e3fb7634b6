using System.Diagnostics;
using System.Numerics;

namespace HubFramework.LoadGenerator;

/// <summary>
/// Log-linear histogram of latencies in microseconds: exact below 128 µs, then 64 buckets per power of two
/// (under 1.6 % error). Recording is a single array increment, so it can run on every message.
/// Not thread-safe: one histogram per connection, merged at the end.
/// </summary>
internal sealed class LatencyHistogram
{
    private const int SubBuckets = 64;
    private const int LinearLimit = 2 * SubBuckets;
    private const int MaxExponent = 40;
    private static readonly double MicrosecondsPerTick = 1_000_000.0 / Stopwatch.Frequency;

    private readonly long[] _counts = new long[LinearLimit + ((MaxExponent - 6) * SubBuckets)];

    public long Count { get; private set; }

    public void RecordTicks(long ticks) => Record((long)(Math.Max(ticks, 0) * MicrosecondsPerTick));

    public void Record(long microseconds)
    {
        _counts[Index(microseconds)]++;
        Count++;
    }

    public void Add(LatencyHistogram other)
    {
        for (var i = 0; i < _counts.Length; i++)
        {
            _counts[i] += other._counts[i];
        }

        Count += other.Count;
    }

    /// <summary>The smallest recorded bucket value at or above the given fraction of samples; 0 when empty.</summary>
    public long Percentile(double fraction)
    {
        if (Count == 0)
        {
            return 0;
        }

        var rank = (long)Math.Ceiling(fraction * Count);
        long seen = 0;
        for (var i = 0; i < _counts.Length; i++)
        {
            seen += _counts[i];
            if (seen >= Math.Max(rank, 1))
            {
                return LowerBound(i);
            }
        }

        return LowerBound(_counts.Length - 1);
    }

    private static int Index(long value)
    {
        if (value < LinearLimit)
        {
            return (int)value;
        }

        var exponent = Math.Min(63 - BitOperations.LeadingZeroCount((ulong)value), MaxExponent);
        var mantissa = (int)(value >> (exponent - 6)) - SubBuckets;
        return LinearLimit + ((exponent - 7) * SubBuckets) + Math.Min(mantissa, SubBuckets - 1);
    }

    private static long LowerBound(int index)
    {
        if (index < LinearLimit)
        {
            return index;
        }

        var exponent = ((index - LinearLimit) / SubBuckets) + 7;
        var mantissa = ((index - LinearLimit) % SubBuckets) + SubBuckets;
        return (long)mantissa << (exponent - 6);
    }
}
