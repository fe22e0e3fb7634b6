using System.Buffers;
using HubFramework.Protocol;
using HubFramework.Protocol.MessagePack;

namespace HubFramework.Protocol.Tests.MessagePack;

/// <summary>
/// The allocation goals, measured on the current thread (not time): writing messages whose values are primitives
/// or plain objects allocates nothing; parsing allocates the message, its strings and the argument objects only.
/// </summary>
public class MessagePackAllocationTests
{
    private const int Rounds = 50;

    private static readonly MessagePackHubProtocol Protocol = new();

    public static TheoryData<string> WrittenMessages => new(Messages.Keys);

    private static Dictionary<string, HubMessage> Messages { get; } = new()
    {
        ["invocation with primitives"] = new InvocationMessage("123", "Send", ["hello", 42, true, 1.5, 7L, 'c', Color.Green, Guid.Empty, new DateTime(2024, 1, 1, 0, 0, 0, DateTimeKind.Utc)]) { Headers = new Dictionary<string, string> { ["a"] = "b" } },
        ["invocation with a 10-property object"] = new InvocationMessage("1", "Update", [Benchmark.Object]),
        ["completion with a result"] = CompletionMessage.WithResult("1", 42),
        ["stream item"] = new StreamItemMessage("1", "item"),
        ["ping"] = PingMessage.Instance,
        ["close"] = new CloseMessage("bye", true),
    };

    [Theory]
    [MemberData(nameof(WrittenMessages))]
    public void WritingAllocatesNothing(string name)
    {
        var message = Messages[name];
        var output = new ArrayBufferWriter<byte>(64 * 1024);
        long allocated = Measure(() =>
        {
            Protocol.WriteMessage(message, output);
            output.ResetWrittenCount();
        });
        Assert.Equal(0, allocated);
    }

    [Fact]
    public void GetMessageBytesAllocatesOnlyTheArray()
    {
        var message = Messages["invocation with primitives"];
        int length = Protocol.GetMessageBytes(message).Length;
        long allocated = Measure(() => Protocol.GetMessageBytes(message));
        Assert.InRange(allocated, length, length + 32);
    }

    [Fact]
    public void ParsingAllocatesTheMessageItsStringsAndTheArgumentsOnly()
    {
        var frame = Protocol.GetMessageBytes(new InvocationMessage("123", "Send", ["hello"]));
        var binder = new TestBinder().Method("Send", typeof(string));
        long allocated = Measure(() =>
        {
            var input = new ReadOnlySequence<byte>(frame);
            Protocol.TryParseMessage(ref input, binder, null, out _);
        });

        // InvocationMessage (56 B), object[1] (32 B), "123" and "hello" (32 B each); "Send" comes from the method-name cache.
        Assert.InRange(allocated, 152, 160);
    }

    [Fact]
    public void ParsingAnObjectArgumentAllocatesTheObjectAndItsStringsOnly()
    {
        var frame = Protocol.GetMessageBytes(new InvocationMessage("1", "Update", [Benchmark.Object]));
        var binder = new TestBinder().Method("Update", typeof(TenProperties));
        long allocated = Measure(() =>
        {
            var input = new ReadOnlySequence<byte>(frame);
            Protocol.TryParseMessage(ref input, binder, null, out _);
        });

        // The message (56 B), object[1] (32 B), "1" (24 B), the object (88 B) and its three strings (96 B):
        // no boxing, no per-property garbage.
        Assert.InRange(allocated, 296, 310);
    }

    private static long Measure(Action action)
    {
        for (int i = 0; i < 5; i++)
        {
            action();
        }

        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < Rounds; i++)
        {
            action();
        }

        return (GC.GetAllocatedBytesForCurrentThread() - before) / Rounds;
    }

    /// <summary>The same values as bench/Hub.Benchmarks uses.</summary>
    internal static class Benchmark
    {
        public static TenProperties Object { get; } = new()
        {
            Id = 42,
            Name = "widget",
            Price = 19.99,
            Active = true,
            Count = 1_000_000,
            Category = "tools",
            Quantity = 3,
            Rating = 4.5,
            Featured = false,
            Code = "W-42",
        };
    }
}
