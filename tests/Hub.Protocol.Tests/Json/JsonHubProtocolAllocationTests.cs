using System.Buffers;
using System.Text;
using HubFramework.Protocol.Json;

namespace HubFramework.Protocol.Tests.Json;

public class JsonHubProtocolAllocationTests
{
    [Fact]
    public void WritingPrimitiveArgumentsAllocatesNothing()
    {
        var protocol = new JsonHubProtocol();
        var output = new ArrayBufferWriter<byte>(4096);
        HubMessage[] messages =
        [
            new InvocationMessage("1", "Send", ["hello", 42, true, 1.5, 7L]),
            new StreamItemMessage("1", "item"),
            CompletionMessage.WithResult("1", 42),
            PingMessage.Instance,
        ];

        for (var warmUp = 0; warmUp < 10; warmUp++)
        {
            WriteAll(protocol, messages, output);
        }

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 100; i++)
        {
            WriteAll(protocol, messages, output);
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    [Fact]
    public void TargetNamesAreReusedAcrossMessages()
    {
        var protocol = new JsonHubProtocol();
        var binder = new MessageBinder();
        binder.Methods["Send"] = [typeof(int)];
        var bytes = Encoding.UTF8.GetBytes("{\"type\":1,\"target\":\"Send\",\"arguments\":[1]}\u001e{\"type\":1,\"target\":\"S\\u0065nd\",\"arguments\":[2]}\u001e");
        var input = new ReadOnlySequence<byte>(bytes);

        Assert.True(protocol.TryParseMessage(ref input, binder, null, out var first));
        Assert.True(protocol.TryParseMessage(ref input, binder, null, out var second));
        Assert.Same(((InvocationMessage)first!).Target, ((InvocationMessage)second!).Target);
    }

    private static void WriteAll(JsonHubProtocol protocol, HubMessage[] messages, ArrayBufferWriter<byte> output)
    {
        output.ResetWrittenCount();
        foreach (var message in messages)
        {
            protocol.WriteMessage(message, output);
        }
    }
}
