using System.Buffers.Text;
using MessagePack;

namespace HubFramework.LoadGenerator;

/// <summary>
/// The few facts the generator needs from a hub message, found by byte search in JSON (field order is not assumed)
/// and by reading only the leading array elements in MessagePack, so that the generator spends as little of the
/// shared CPU as possible. A record is MessagePack unless it starts with '{'.
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
        if (IsMessagePack(record))
        {
            return Element(record, 0, out var reader) && reader.NextMessagePackType == MessagePackType.Integer ? reader.ReadInt32() : -1;
        }

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
        if (IsMessagePack(record))
        {
            return Element(record, 2, out var reader) && reader.NextMessagePackType == MessagePackType.String
                && reader.TryReadStringSpan(out var text) && Utf8Parser.TryParse(text, out int value, out var digits) && digits == text.Length ? value : -1;
        }

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
        if (IsMessagePack(record))
        {
            return Element(record, 3, out var reader) && reader.NextMessagePackType == MessagePackType.String
                && reader.TryReadStringSpan(out var target) && target.SequenceEqual(quotedTarget[1..^1]);
        }

        var at = record.IndexOf("\"target\":"u8);
        return at >= 0 && record[(at + 9)..].TrimStart(" "u8).StartsWith(quotedTarget);
    }

    /// <summary>Whether a Completion carries an error (JSON: an "error" member; MessagePack: result kind 1).</summary>
    public static bool IsErrorCompletion(ReadOnlySpan<byte> record)
    {
        if (IsMessagePack(record))
        {
            return Element(record, 3, out var reader) && reader.NextMessagePackType == MessagePackType.Integer && reader.ReadInt32() == 1;
        }

        return record.IndexOf("\"error\""u8) >= 0;
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

    private static bool IsMessagePack(ReadOnlySpan<byte> record) => !record.IsEmpty && record[0] != (byte)'{';

    /// <summary>A reader positioned at element <paramref name="index"/> of the message array; false if there is none.</summary>
    private static bool Element(ReadOnlySpan<byte> record, int index, out MessagePackReader reader)
    {
        // Records are small and this runs once per message: one copy keeps the reader simple (it needs memory, not a span).
        reader = new MessagePackReader(record.ToArray());
        try
        {
            if (reader.NextMessagePackType != MessagePackType.Array || reader.ReadArrayHeader() <= index)
            {
                return false;
            }

            for (var i = 0; i < index; i++)
            {
                reader.Skip();
            }

            return !reader.End;
        }
        catch (Exception ex) when (ex is MessagePackSerializationException or EndOfStreamException)
        {
            return false;
        }
    }
}
