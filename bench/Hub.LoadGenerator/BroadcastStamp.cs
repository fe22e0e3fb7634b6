using System.Buffers;
using System.Buffers.Text;
using System.Text;
using MessagePack;

namespace HubFramework.LoadGenerator;

/// <summary>
/// Builds the sender's invocation frames in place: a fixed prefix, the stamp "#S{sequence},{timestamp},",
/// padding up to the payload size, a fixed suffix. The timestamp lets receivers in the same process measure
/// delivery latency; the sequence tells which broadcast has reached every receiver. Over MessagePack the same
/// message text is the last string argument of an invocation written into a reused buffer.
/// </summary>
internal sealed class BroadcastStamp
{
    public static ReadOnlySpan<byte> Marker => "#S"u8;

    private readonly byte[] _prefixBeforeId;
    private readonly byte[] _prefixAfterId;
    private readonly byte[] _suffix;
    private readonly int _payloadBytes;
    private readonly byte[] _frame;
    private readonly WireProtocol _protocol;
    private readonly string _target;
    private readonly string[] _leadingArguments;
    private readonly ArrayBufferWriter<byte> _body = new(256);
    private readonly byte[] _text;
    private readonly byte[] _id = new byte[20];

    /// <param name="protocol">The run's hub protocol.</param>
    /// <param name="target">Hub method, e.g. Broadcast or SendToGroup.</param>
    /// <param name="leadingArguments">The string arguments before the message.</param>
    /// <param name="payloadBytes">Size of the message text.</param>
    public BroadcastStamp(WireProtocol protocol, string target, string[] leadingArguments, int payloadBytes)
    {
        _protocol = protocol;
        _target = target;
        _leadingArguments = leadingArguments;
        var leadingJson = string.Concat(leadingArguments.Select(a => System.Text.Json.JsonSerializer.Serialize(a) + ","));
        _prefixBeforeId = Encoding.UTF8.GetBytes("{\"type\":1,\"invocationId\":\"");
        _prefixAfterId = Encoding.UTF8.GetBytes($"\",\"target\":\"{target}\",\"arguments\":[{leadingJson}\"");
        _suffix = Encoding.UTF8.GetBytes("\"]}\u001e");
        _payloadBytes = payloadBytes;
        _text = new byte[Math.Max(payloadBytes, 64)];
        _frame = new byte[_prefixBeforeId.Length + 20 + _prefixAfterId.Length + Math.Max(payloadBytes, 64) + _suffix.Length];
    }

    /// <summary>Writes one frame into a buffer the stamp owns; valid until the next call.</summary>
    public ReadOnlyMemory<byte> Write(long sequence, long timestamp)
    {
        if (_protocol.IsBinary)
        {
            return WriteMessagePack(sequence, timestamp);
        }

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

    private ReadOnlyMemory<byte> WriteMessagePack(long sequence, long timestamp)
    {
        // The message text first, then the invocation around it.
        Span<byte> text = _text;
        var at = Append(text, 0, Marker);
        Utf8Formatter.TryFormat(sequence, text[at..], out var used);
        at += used;
        text[at++] = (byte)',';
        Utf8Formatter.TryFormat(timestamp, text[at..], out used);
        at += used;
        text[at++] = (byte)',';
        if (_payloadBytes > at)
        {
            text[at.._payloadBytes].Fill((byte)'x');
            at = _payloadBytes;
        }

        Utf8Formatter.TryFormat(sequence, _id, out var idLength);
        _body.ResetWrittenCount();
        var writer = new MessagePackWriter(_body);
        writer.WriteArrayHeader(6);
        writer.Write(HubRecord.InvocationType);
        writer.WriteMapHeader(0);
        writer.WriteString(_id.AsSpan(0, idLength));
        writer.Write(_target);
        writer.WriteArrayHeader(_leadingArguments.Length + 1);
        foreach (var argument in _leadingArguments)
        {
            writer.Write(argument);
        }

        writer.WriteString(_text.AsSpan(0, at));
        writer.WriteArrayHeader(0);
        writer.Flush();

        var prefixLength = WireProtocol.WritePrefix(_body.WrittenCount, _frame);
        _body.WrittenSpan.CopyTo(_frame.AsSpan(prefixLength));
        return _frame.AsMemory(0, prefixLength + _body.WrittenCount);
    }

    private static int Append(Span<byte> destination, int at, ReadOnlySpan<byte> bytes)
    {
        bytes.CopyTo(destination[at..]);
        return at + bytes.Length;
    }
}
