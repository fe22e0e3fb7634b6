using System.Buffers.Text;
using System.Text;

namespace HubFramework.LoadGenerator;

/// <summary>
/// Builds the sender's invocation frames in place: a fixed prefix, the stamp "#S{sequence},{timestamp},",
/// padding up to the payload size, a fixed suffix. The timestamp lets receivers in the same process measure
/// delivery latency; the sequence tells which broadcast has reached every receiver.
/// </summary>
internal sealed class BroadcastStamp
{
    public static ReadOnlySpan<byte> Marker => "#S"u8;

    private readonly byte[] _prefixBeforeId;
    private readonly byte[] _prefixAfterId;
    private readonly byte[] _suffix;
    private readonly int _payloadBytes;
    private readonly byte[] _frame;

    /// <param name="target">Hub method, e.g. Broadcast or SendToGroup.</param>
    /// <param name="leadingArguments">JSON of the arguments before the message, each followed by a comma.</param>
    public BroadcastStamp(string target, string leadingArguments, int payloadBytes)
    {
        _prefixBeforeId = Encoding.UTF8.GetBytes("{\"type\":1,\"invocationId\":\"");
        _prefixAfterId = Encoding.UTF8.GetBytes($"\",\"target\":\"{target}\",\"arguments\":[{leadingArguments}\"");
        _suffix = Encoding.UTF8.GetBytes("\"]}\u001e");
        _payloadBytes = payloadBytes;
        _frame = new byte[_prefixBeforeId.Length + 20 + _prefixAfterId.Length + Math.Max(payloadBytes, 64) + _suffix.Length];
    }

    /// <summary>Writes one frame into a buffer the stamp owns; valid until the next call.</summary>
    public ReadOnlyMemory<byte> Write(long sequence, long timestamp)
    {
        var span = _frame.AsSpan();
        var at = Append(span, 0, _prefixBeforeId);
        Utf8Formatter.TryFormat(sequence, span[at..], out var used);
        at += used;
        at = Append(span, at, _prefixAfterId);
        var messageStart = at;
        at = Append(span, at, Marker);
        Utf8Formatter.TryFormat(sequence, span[at..], out used);
        at += used;
        span[at++] = (byte)',';
        Utf8Formatter.TryFormat(timestamp, span[at..], out used);
        at += used;
        span[at++] = (byte)',';
        var padding = _payloadBytes - (at - messageStart);
        if (padding > 0)
        {
            span.Slice(at, padding).Fill((byte)'x');
            at += padding;
        }

        at = Append(span, at, _suffix);
        return _frame.AsMemory(0, at);
    }

    private static int Append(Span<byte> destination, int at, ReadOnlySpan<byte> bytes)
    {
        bytes.CopyTo(destination[at..]);
        return at + bytes.Length;
    }
}
