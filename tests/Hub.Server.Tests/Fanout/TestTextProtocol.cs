using System.Buffers;
using System.Globalization;
using System.Text;
using HubFramework.Protocol;

namespace HubFramework.Server.Tests.Fanout;

/// <summary>
/// A tiny readable hub protocol for fan-out tests (independent of the JSON/MessagePack work): one message per
/// 0x1E-terminated record, fields separated by '|', e.g. <c>1||Send|a;b</c>. Arguments are written with
/// <see cref="Convert.ToString(object, IFormatProvider)"/>; an argument of type <see cref="Unserializable"/> throws.
/// </summary>
internal sealed class TestTextProtocol : IHubProtocol
{
    public const byte RecordSeparator = 0x1E;

    public static readonly TestTextProtocol Instance = new("test-text");

    public TestTextProtocol(string name)
    {
        Name = name;
    }

    public string Name { get; }

    public int Version => 1;

    public TransferFormat TransferFormat => TransferFormat.Text;

    public bool IsVersionSupported(int version) => version == 1;

    public static string Format(HubMessage message) => message switch
    {
        InvocationMessage m => $"1|{m.InvocationId}|{m.Target}|{string.Join(";", m.Arguments.Select(FormatValue))}",
        StreamItemMessage m => $"2|{m.InvocationId}|{FormatValue(m.Item)}",
        CompletionMessage m => $"3|{m.InvocationId}|{m.Error}|{(m.HasResult ? FormatValue(m.Result) : "")}",
        CancelInvocationMessage m => $"5|{m.InvocationId}",
        PingMessage => "6",
        CloseMessage m => $"7|{m.Error}",
        AckMessage m => $"8|{m.SequenceId}",
        SequenceMessage m => $"9|{m.SequenceId}",
        _ => throw new NotSupportedException($"The test protocol cannot write {message.GetType().Name}."),
    };

    public void WriteMessage(HubMessage message, IBufferWriter<byte> output)
    {
        var text = Format(message);
        var span = output.GetSpan(Encoding.UTF8.GetMaxByteCount(text.Length) + 1);
        var length = Encoding.UTF8.GetBytes(text, span);
        span[length] = RecordSeparator;
        output.Advance(length + 1);
    }

    public ReadOnlyMemory<byte> GetMessageBytes(HubMessage message)
    {
        var writer = new ArrayBufferWriter<byte>();
        WriteMessage(message, writer);
        return writer.WrittenMemory.ToArray();
    }

    public bool TryParseMessage(ref ReadOnlySequence<byte> input, IInvocationBinder binder, long? maximumMessageSize, out HubMessage? message)
    {
        var position = input.PositionOf(RecordSeparator);
        if (position is null)
        {
            message = null;
            return false;
        }

        var text = Encoding.UTF8.GetString(input.Slice(0, position.Value));
        input = input.Slice(input.GetPosition(1, position.Value));
        var fields = text.Split('|');
        message = fields[0] switch
        {
            "3" when fields[2].Length > 0 => CompletionMessage.WithError(fields[1], fields[2]),
            "3" when fields[3].Length > 0 => CompletionMessage.WithResult(fields[1], fields[3]),
            "3" => CompletionMessage.Empty(fields[1]),
            "6" => PingMessage.Instance,
            "8" => new AckMessage(long.Parse(fields[1], CultureInfo.InvariantCulture)),
            _ => throw new HubProtocolException($"The test protocol cannot read '{text}'."),
        };
        return true;
    }

    private static string FormatValue(object? value) => value switch
    {
        Unserializable => throw new InvalidOperationException("This argument cannot be serialized."),
        null => "null",
        _ => Convert.ToString(value, CultureInfo.InvariantCulture) ?? "",
    };

    /// <summary>An argument the protocol refuses to serialize.</summary>
    public sealed class Unserializable
    {
    }
}
