using System.Buffers;
using System.Net.WebSockets;
using System.Text;
using MessagePack;

namespace HubFramework.LoadGenerator;

/// <summary>
/// The hub protocol the generator speaks on every connection of a run: JSON (text records ending in 0x1E) or
/// MessagePack (binary, each message behind a VarInt length prefix). Frames are encoded once, up front.
/// </summary>
internal sealed class WireProtocol
{
    private WireProtocol(string name, WebSocketMessageType messageType, byte[] pingFrame)
    {
        Name = name;
        MessageType = messageType;
        PingFrame = pingFrame;
        HandshakeFrame = Encoding.UTF8.GetBytes($"{{\"protocol\":\"{name}\",\"version\":1}}\u001e");
    }

    public static WireProtocol Json { get; } = new("json", WebSocketMessageType.Text, Encoding.UTF8.GetBytes("{\"type\":6}\u001e"));

    public static WireProtocol MessagePack { get; } = new("messagepack", WebSocketMessageType.Binary, [0x02, 0x91, 0x06]);

    public string Name { get; }

    public bool IsBinary => MessageType == WebSocketMessageType.Binary;

    public WebSocketMessageType MessageType { get; }

    public byte[] HandshakeFrame { get; }

    public byte[] PingFrame { get; }

    public static WireProtocol Parse(string name) => name switch
    {
        "json" => Json,
        "messagepack" => MessagePack,
        _ => throw new ArgumentException($"--protocol must be json or messagepack, got '{name}'"),
    };

    /// <summary>One complete frame of an Invocation of <paramref name="target"/> with string arguments.</summary>
    public byte[] Invocation(string invocationId, string target, params string[] arguments)
    {
        if (!IsBinary)
        {
            var json = string.Join(',', arguments.Select(a => System.Text.Json.JsonSerializer.Serialize(a)));
            return Encoding.UTF8.GetBytes($"{{\"type\":1,\"invocationId\":\"{invocationId}\",\"target\":\"{target}\",\"arguments\":[{json}]}}\u001e");
        }

        var body = new ArrayBufferWriter<byte>();
        var writer = new MessagePackWriter(body);
        writer.WriteArrayHeader(6);
        writer.Write(HubRecord.InvocationType);
        writer.WriteMapHeader(0);
        writer.Write(invocationId);
        writer.Write(target);
        writer.WriteArrayHeader(arguments.Length);
        foreach (var argument in arguments)
        {
            writer.Write(argument);
        }

        writer.WriteArrayHeader(0);
        writer.Flush();
        return Framed(body.WrittenSpan);
    }

    /// <summary>A MessagePack body behind its VarInt length prefix.</summary>
    public static byte[] Framed(ReadOnlySpan<byte> body)
    {
        Span<byte> prefix = stackalloc byte[5];
        var size = WritePrefix(body.Length, prefix);
        var frame = new byte[size + body.Length];
        prefix[..size].CopyTo(frame);
        body.CopyTo(frame.AsSpan(size));
        return frame;
    }

    public static int WritePrefix(int length, Span<byte> destination)
    {
        var at = 0;
        var value = (uint)length;
        while (value >= 0x80)
        {
            destination[at++] = (byte)(value | 0x80);
            value >>= 7;
        }

        destination[at++] = (byte)value;
        return at;
    }

    /// <summary>The next complete record at the start of <paramref name="buffer"/> (separator or prefix excluded).</summary>
    public bool TryReadRecord(ReadOnlySpan<byte> buffer, out int start, out int length, out int consumed)
    {
        start = length = consumed = 0;
        if (!IsBinary)
        {
            var separator = buffer.IndexOf(HubSocket.RecordSeparator);
            if (separator < 0)
            {
                return false;
            }

            length = separator;
            consumed = separator + 1;
            return true;
        }

        uint value = 0;
        for (var i = 0; i < Math.Min(buffer.Length, 5); i++)
        {
            value |= (uint)(buffer[i] & 0x7f) << (7 * i);
            if ((buffer[i] & 0x80) == 0)
            {
                if (value > int.MaxValue || buffer.Length - (i + 1) < (long)value)
                {
                    return false;
                }

                start = i + 1;
                length = (int)value;
                consumed = start + length;
                return true;
            }
        }

        if (buffer.Length >= 5)
        {
            throw new InvalidOperationException("the server sent a length prefix longer than 5 bytes");
        }

        return false;
    }
}
