using System.Buffers;
using HubFramework.Protocol;

namespace HubFramework.Server.Tests.Fanout;

/// <summary>Wraps a protocol and counts how often messages are serialized (to prove "once per protocol").</summary>
internal sealed class CountingHubProtocol(IHubProtocol inner) : IHubProtocol
{
    private int _serializations;

    public int Serializations => Volatile.Read(ref _serializations);

    public string Name => inner.Name;

    public int Version => inner.Version;

    public TransferFormat TransferFormat => inner.TransferFormat;

    public bool IsVersionSupported(int version) => inner.IsVersionSupported(version);

    public bool TryParseMessage(ref ReadOnlySequence<byte> input, IInvocationBinder binder, long? maximumMessageSize, out HubMessage? message)
        => inner.TryParseMessage(ref input, binder, maximumMessageSize, out message);

    public void WriteMessage(HubMessage message, IBufferWriter<byte> output)
    {
        Interlocked.Increment(ref _serializations);
        inner.WriteMessage(message, output);
    }

    public ReadOnlyMemory<byte> GetMessageBytes(HubMessage message)
    {
        Interlocked.Increment(ref _serializations);
        return inner.GetMessageBytes(message);
    }
}
