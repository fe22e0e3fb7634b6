using System.Buffers;
using BenchmarkDotNet.Attributes;
using HubFramework.Protocol;
using HubFramework.Protocol.MessagePack;

namespace HubFramework.Benchmarks;

/// <summary>
/// The MessagePack hub protocol on its hot paths: writing an Invocation into a reused buffer and parsing one from
/// a buffered frame, with one string argument and with a ten-property object.
/// </summary>
[MemoryDiagnoser]
public class MessagePackHubProtocolBenchmarks
{
    private readonly MessagePackHubProtocol _protocol = new();
    private readonly ArrayBufferWriter<byte> _output = new(4096);
    private readonly MessagePackBenchmarkBinder _binder = new();
    private InvocationMessage _stringInvocation = null!;
    private InvocationMessage _objectInvocation = null!;
    private ReadOnlySequence<byte> _stringFrame;
    private ReadOnlySequence<byte> _objectFrame;

    [GlobalSetup]
    public void Setup()
    {
        _stringInvocation = new InvocationMessage("1", MessagePackBenchmarkBinder.StringMethod, ["Hello, world! This is a chat message."]);
        _objectInvocation = new InvocationMessage("2", MessagePackBenchmarkBinder.ObjectMethod, [MessagePackBenchmarkPayload.Create()]);
        _stringFrame = new ReadOnlySequence<byte>(_protocol.GetMessageBytes(_stringInvocation));
        _objectFrame = new ReadOnlySequence<byte>(_protocol.GetMessageBytes(_objectInvocation));
    }

    [Benchmark]
    public int WriteInvocationString()
    {
        _output.ResetWrittenCount();
        _protocol.WriteMessage(_stringInvocation, _output);
        return _output.WrittenCount;
    }

    [Benchmark]
    public int WriteInvocationObject()
    {
        _output.ResetWrittenCount();
        _protocol.WriteMessage(_objectInvocation, _output);
        return _output.WrittenCount;
    }

    [Benchmark]
    public HubMessage? ParseInvocationString()
    {
        var input = _stringFrame;
        _protocol.TryParseMessage(ref input, _binder, null, out var message);
        return message;
    }

    [Benchmark]
    public HubMessage? ParseInvocationObject()
    {
        var input = _objectFrame;
        _protocol.TryParseMessage(ref input, _binder, null, out var message);
        return message;
    }
}
