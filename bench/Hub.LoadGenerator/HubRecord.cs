using System.Buffers.Text;

namespace HubFramework.LoadGenerator;

/// <summary>
/// The few facts the generator needs from a JSON hub message, found by byte search instead of a full parse so that
/// the generator spends as little of the shared CPU as possible. Field order is not assumed.
/// </summary>
internal static class HubRecord
{
    public const int InvocationType = 1;
    public const int CompletionType = 3;
    public const int PingType = 6;
    public const int CloseType = 7;

    /// <summary>The value of "type", or -1 when absent.</summary>
    public static int Type(ReadOnlySpan<byte> record)
    {
        var at = record.IndexOf("\"type\":"u8);
        if (at < 0)
        {
            return -1;
        }

        var rest = record[(at + 7)..].TrimStart(" "u8);
        return Utf8Parser.TryParse(rest, out int type, out _) ? type : -1;
    }

    /// <summary>The invocation id when the generator made it (a decimal number), or -1.</summary>
    public static int NumericInvocationId(ReadOnlySpan<byte> record)
    {
        var at = record.IndexOf("\"invocationId\":"u8);
        if (at < 0)
        {
            return -1;
        }

        var rest = record[(at + 15)..].TrimStart(" "u8);
        if (rest.IsEmpty || rest[0] != (byte)'"')
        {
            return -1;
        }

        return Utf8Parser.TryParse(rest[1..], out int id, out var used) && rest.Length > used + 1 && rest[used + 1] == (byte)'"' ? id : -1;
    }

    /// <summary>Whether "target" is exactly the given method name.</summary>
    public static bool HasTarget(ReadOnlySpan<byte> record, ReadOnlySpan<byte> quotedTarget)
    {
        var at = record.IndexOf("\"target\":"u8);
        return at >= 0 && record[(at + 9)..].TrimStart(" "u8).StartsWith(quotedTarget);
    }

    /// <summary>Finds the generator's stamp "#S{sequence},{timestamp}," inside a message argument.</summary>
    public static bool TryReadStamp(ReadOnlySpan<byte> record, out long sequence, out long timestamp)
    {
        sequence = timestamp = 0;
        var at = record.IndexOf(BroadcastStamp.Marker);
        if (at < 0)
        {
            return false;
        }

        var rest = record[(at + BroadcastStamp.Marker.Length)..];
        if (!Utf8Parser.TryParse(rest, out sequence, out var used) || used >= rest.Length || rest[used] != (byte)',')
        {
            return false;
        }

        rest = rest[(used + 1)..];
        return Utf8Parser.TryParse(rest, out timestamp, out _);
    }
}
