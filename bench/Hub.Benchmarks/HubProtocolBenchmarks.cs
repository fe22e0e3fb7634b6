using System.Buffers;
using BenchmarkDotNet.Attributes;
using HubFramework.Protocol;
using HubFramework.Protocol.Json;
using HubFramework.Protocol.MessagePack;

namespace HubFramework.Benchmarks;

/// <summary>
/// Each hub protocol on its hot paths: writing an Invocation into a reused buffer and parsing one from a buffered
/// frame, with one string argument and with a ten-property object.
/// </summary>
[MemoryDiagnoser]
public class HubProtocolBenchmarks
{
    private readonly ArrayBufferWriter<byte> _output = new(4096);
    private readonly BenchmarkBinder _binder = new();
    private IHubProtocol _protocol = null!;
    private InvocationMessage _stringInvocation = null!;
    private InvocationMessage _objectInvocation = null!;
    private ReadOnlySequence<byte> _stringFrame;
    private ReadOnlySequence<byte> _objectFrame;

    [Params("json", "messagepack")]
    public string Protocol { get; set; } = "json";

    [GlobalSetup]
    public void Setup()
    {
        _protocol = Protocol == "json" ? new JsonHubProtocol() : new MessagePackHubProtocol();
        _stringInvocation = new InvocationMessage("1", BenchmarkBinder.StringMethod, ["Hello, world! This is a chat message."]);
        _objectInvocation = new InvocationMessage("2", BenchmarkBinder.ObjectMethod, [BenchmarkPayload.Create()]);
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
