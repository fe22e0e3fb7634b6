using System.Buffers;
using BenchmarkDotNet.Attributes;
using HubFramework.Protocol;
using HubFramework.Protocol.Json;

namespace HubFramework.Benchmarks;

/// <summary>
/// The JSON hub protocol on its hot paths: writing an Invocation into a reused buffer and parsing one from a
/// buffered record, with one string argument and with a ten-property object.
/// </summary>
[MemoryDiagnoser]
public class JsonHubProtocolBenchmarks
{
    private readonly JsonHubProtocol _protocol = new();
    private readonly ArrayBufferWriter<byte> _output = new(4096);
    private readonly JsonBenchmarkBinder _binder = new();
    private InvocationMessage _stringInvocation = null!;
    private InvocationMessage _objectInvocation = null!;
    private ReadOnlySequence<byte> _stringRecord;
    private ReadOnlySequence<byte> _objectRecord;

    [GlobalSetup]
    public void Setup()
    {
        _stringInvocation = new InvocationMessage("1", JsonBenchmarkBinder.StringMethod, ["Hello, world! This is a chat message."]);
        _objectInvocation = new InvocationMessage("2", JsonBenchmarkBinder.ObjectMethod, [JsonBenchmarkPayload.Create()]);
        _stringRecord = new ReadOnlySequence<byte>(_protocol.GetMessageBytes(_stringInvocation));
        _objectRecord = new ReadOnlySequence<byte>(_protocol.GetMessageBytes(_objectInvocation));
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
        var input = _stringRecord;
        _protocol.TryParseMessage(ref input, _binder, null, out var message);
        return message;
    }

    [Benchmark]
    public HubMessage? ParseInvocationObject()
    {
        var input = _objectRecord;
        _protocol.TryParseMessage(ref input, _binder, null, out var message);
        return message;
    }
}
