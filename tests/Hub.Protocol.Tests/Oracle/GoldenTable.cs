using HubFramework.Protocol.Tests.MessagePack;

namespace HubFramework.Protocol.Tests.Oracle;

public sealed class Order
{
    public int Id { get; set; }

    public string? Customer { get; set; }

    public OrderLine[] Lines { get; set; } = [];

    public Color Color { get; set; }

    public DateTime Placed { get; set; }

    public Dictionary<string, int>? Counts { get; set; }

    public byte[]? Attachment { get; set; }

    public Order? Previous { get; set; }
}

public sealed class OrderLine
{
    public string Sku { get; set; } = "";

    public double Quantity { get; set; }

    public long? Cents { get; set; }
}

/// <summary>
/// The table of messages both golden suites (MessagePack and JSON against Microsoft's protocols) run: every message
/// type, headers, stream ids, nested objects, DateTime, enums, byte[], nulls and large arrays. Values are typed as
/// their receiver binds them (<see cref="TestBinder.For"/>), so both sides read them back as the same types.
/// </summary>
public static class GoldenTable
{
    private static readonly DateTime When = new(2024, 5, 6, 7, 8, 9, 123, DateTimeKind.Utc);

    private static readonly Dictionary<string, string> Headers = new() { ["traceparent"] = "00-abc-def-01", ["x"] = "y" };

    public static IReadOnlyDictionary<string, HubMessage> Messages { get; } = new Dictionary<string, HubMessage>
    {
        ["invocation string"] = new InvocationMessage("1", "SendMessage", ["Hello, world! This is a chat message."]),
        ["invocation non-blocking"] = new InvocationMessage("Notify", [42]),
        ["invocation no arguments"] = new InvocationMessage("3", "Nothing", []),
        ["invocation headers"] = new InvocationMessage("4", "Send", ["x"]) { Headers = Headers },
        ["invocation stream ids"] = new InvocationMessage("5", "Upload", ["name"], ["s1", "s2"]),
        ["invocation primitives"] = new InvocationMessage("6", "Mixed", [true, 1.5, -7, long.MaxValue, "héllo ❤", 0.25f, (byte)200, ulong.MaxValue]),
        ["invocation nulls"] = new InvocationMessage("7", "Nulls", [null, "b", null]),
        ["invocation enum"] = new InvocationMessage("8", "Paint", [Color.Green]),
        ["invocation DateTime"] = new InvocationMessage("9", "Schedule", [When, DateTime.UnixEpoch]),
        ["invocation byte[]"] = new InvocationMessage("10", "EchoBytes", [new byte[] { 0, 1, 2, 254, 255 }, Array.Empty<byte>()]),
        ["invocation Guid"] = new InvocationMessage("11", "Find", [new Guid("0f8fad5b-d9cb-469f-a165-70867728950e")]),
        ["invocation nested object"] = new InvocationMessage("12", "PlaceOrder", [NestedOrder()]),
        ["invocation record"] = new InvocationMessage("13", "EchoObject", [new EchoPayload("widget", 42, ["a", "b", "ü"])]),
        ["invocation dictionary"] = new InvocationMessage("14", "Counts", [new Dictionary<string, int> { ["a"] = 1, ["b"] = -2 }]),
        ["invocation list"] = new InvocationMessage("15", "Names", [new List<string> { "ann", "bob" }]),
        ["invocation large int array"] = new InvocationMessage("16", "Sum", [Enumerable.Range(-5000, 70_000).ToArray()]),
        ["invocation large string"] = new InvocationMessage("17", "Echo", [new string('z', 70_000)]),
        ["invocation large object array"] = new InvocationMessage("18", "Lines", [Enumerable.Range(0, 2_000).Select(i => new OrderLine { Sku = $"sku-{i}", Quantity = i / 4.0, Cents = i % 3 == 0 ? null : i }).ToArray()]),
        ["stream invocation"] = new StreamInvocationMessage("19", "Counter", [5, 10]),
        ["stream invocation headers and stream ids"] = new StreamInvocationMessage("20", "Relay", ["a"], ["s3"]) { Headers = Headers },
        ["stream item string"] = new StreamItemMessage("21", "item"),
        ["stream item object"] = new StreamItemMessage("22", NestedOrder()) { Headers = Headers },
        ["stream item null"] = new StreamItemMessage("23", null),
        ["completion int"] = CompletionMessage.WithResult("24", 42),
        ["completion null result"] = CompletionMessage.WithResult("25", null),
        ["completion object"] = CompletionMessage.WithResult("26", NestedOrder()),
        ["completion error"] = CompletionMessage.WithError("27", "It didn't work!"),
        ["completion void"] = CompletionMessage.Empty("28"),
        ["completion headers"] = new CompletionMessage("29", null, "ok", true) { Headers = Headers },
        ["cancel invocation"] = new CancelInvocationMessage("30"),
        ["cancel invocation headers"] = new CancelInvocationMessage("31") { Headers = Headers },
        ["ping"] = PingMessage.Instance,
        ["close"] = CloseMessage.Empty,
        ["close error"] = new CloseMessage("Server is shutting down."),
        ["close allow reconnect"] = new CloseMessage("restart", allowReconnect: true),
        ["ack"] = new AckMessage(1394),
        ["sequence"] = new SequenceMessage(long.MaxValue),
    };

    public static TheoryData<string> Names => new(Messages.Keys);

    private static Order NestedOrder() => new()
    {
        Id = 7,
        Customer = "Ada",
        Lines = [new OrderLine { Sku = "a-1", Quantity = 2, Cents = 1999 }, new OrderLine { Sku = "b-2", Quantity = 0.5 }],
        Color = Color.Red,
        Placed = When,
        Counts = new Dictionary<string, int> { ["x"] = 1 },
        Attachment = [1, 2, 3],
        Previous = new Order { Id = 6, Customer = null, Placed = DateTime.UnixEpoch },
    };
}
