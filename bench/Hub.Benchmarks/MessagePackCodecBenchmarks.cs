using System.Buffers;
using BenchmarkDotNet.Attributes;
using HubFramework.Protocol;
using Ms = Microsoft.AspNetCore.SignalR.Protocol;
using MsBinder = Microsoft.AspNetCore.SignalR.IInvocationBinder;

namespace HubFramework.Benchmarks;

/// <summary>
/// The MessagePack codec rows: ours next to Microsoft's <c>MessagePackHubProtocol</c> (NuGet, bench only), writing an
/// Invocation into a reused buffer and parsing one from a buffered frame, one string and the ten-property object.
/// The frames are the same bytes for both (asserted in setup).
/// </summary>
[MemoryDiagnoser]
public class MessagePackCodecBenchmarks
{
    private const string Text = "Hello, world! This is a chat message.";

    private readonly ArrayBufferWriter<byte> _output = new(4096);
    private readonly BenchmarkBinder _binder = new();
    private readonly MicrosoftBinder _microsoftBinder = new();
    private readonly Protocol.MessagePack.MessagePackHubProtocol _ours = new();
    private readonly Ms.MessagePackHubProtocol _microsoft = new();
    private InvocationMessage _oursString = null!;
    private InvocationMessage _oursObject = null!;
    private Ms.InvocationMessage _microsoftString = null!;
    private Ms.InvocationMessage _microsoftObject = null!;
    private ReadOnlySequence<byte> _oursStringFrame;
    private ReadOnlySequence<byte> _oursObjectFrame;
    private ReadOnlySequence<byte> _microsoftStringFrame;
    private ReadOnlySequence<byte> _microsoftObjectFrame;

    [GlobalSetup]
    public void Setup()
    {
        _oursString = new InvocationMessage("1", BenchmarkBinder.StringMethod, [Text]);
        _oursObject = new InvocationMessage("2", BenchmarkBinder.ObjectMethod, [BenchmarkPayload.Create()]);
        _microsoftString = new Ms.InvocationMessage("1", BenchmarkBinder.StringMethod, [Text]);
        _microsoftObject = new Ms.InvocationMessage("2", BenchmarkBinder.ObjectMethod, [BenchmarkPayload.Create()]);
        // Each parses what it writes itself (the same bytes once both write Microsoft's layout; a note says if not).
        _oursStringFrame = new ReadOnlySequence<byte>(_ours.GetMessageBytes(_oursString));
        _oursObjectFrame = new ReadOnlySequence<byte>(_ours.GetMessageBytes(_oursObject));
        _microsoftStringFrame = new ReadOnlySequence<byte>(_microsoft.GetMessageBytes(_microsoftString));
        _microsoftObjectFrame = new ReadOnlySequence<byte>(_microsoft.GetMessageBytes(_microsoftObject));
        if (!_oursStringFrame.FirstSpan.SequenceEqual(_microsoftStringFrame.FirstSpan))
        {
            Console.WriteLine("// note: ours and Microsoft's write different bytes for the string invocation");
        }

        if (!_oursObjectFrame.FirstSpan.SequenceEqual(_microsoftObjectFrame.FirstSpan))
        {
            Console.WriteLine("// note: ours and Microsoft's write different bytes for the object invocation");
        }
    }

    [Benchmark(Description = "ours: write 1 string")]
    public int OursWriteString()
    {
        _output.ResetWrittenCount();
        _ours.WriteMessage(_oursString, _output);
        return _output.WrittenCount;
    }

    [Benchmark(Description = "Microsoft: write 1 string")]
    public int MicrosoftWriteString()
    {
        _output.ResetWrittenCount();
        _microsoft.WriteMessage(_microsoftString, _output);
        return _output.WrittenCount;
    }

    [Benchmark(Description = "ours: write 10-property object")]
    public int OursWriteObject()
    {
        _output.ResetWrittenCount();
        _ours.WriteMessage(_oursObject, _output);
        return _output.WrittenCount;
    }

    [Benchmark(Description = "Microsoft: write 10-property object")]
    public int MicrosoftWriteObject()
    {
        _output.ResetWrittenCount();
        _microsoft.WriteMessage(_microsoftObject, _output);
        return _output.WrittenCount;
    }

    [Benchmark(Description = "ours: parse 1 string")]
    public HubMessage? OursParseString()
    {
        var input = _oursStringFrame;
        _ours.TryParseMessage(ref input, _binder, null, out var message);
        return message;
    }

    [Benchmark(Description = "Microsoft: parse 1 string")]
    public Ms.HubMessage? MicrosoftParseString()
    {
        var input = _microsoftStringFrame;
        _microsoft.TryParseMessage(ref input, _microsoftBinder, out var message);
        return message;
    }

    [Benchmark(Description = "ours: parse 10-property object")]
    public HubMessage? OursParseObject()
    {
        var input = _oursObjectFrame;
        _ours.TryParseMessage(ref input, _binder, null, out var message);
        return message;
    }

    [Benchmark(Description = "Microsoft: parse 10-property object")]
    public Ms.HubMessage? MicrosoftParseObject()
    {
        var input = _microsoftObjectFrame;
        _microsoft.TryParseMessage(ref input, _microsoftBinder, out var message);
        return message;
    }

    private sealed class MicrosoftBinder : MsBinder
    {
        private static readonly Type[] StringParameters = [typeof(string)];
        private static readonly Type[] ObjectParameters = [typeof(BenchmarkPayload)];

        public IReadOnlyList<Type> GetParameterTypes(string methodName) => methodName switch
        {
            BenchmarkBinder.StringMethod => StringParameters,
            BenchmarkBinder.ObjectMethod => ObjectParameters,
            _ => throw new InvalidOperationException($"Unknown method '{methodName}'."),
        };

        public Type GetReturnType(string invocationId) => typeof(object);

        public Type GetStreamItemType(string streamId) => typeof(object);
    }
}
