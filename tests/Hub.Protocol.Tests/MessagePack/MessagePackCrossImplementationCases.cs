using HubFramework.Protocol;
using MessagePack;

namespace HubFramework.Protocol.Tests.MessagePack;

public sealed record NestedItem(int Id, string? Label, NestedItem? Child);

/// <summary>
/// The .NET side of tests/ProtocolVectors/msgpack-cases.mjs: for each case name, the .NET type and value (or hub
/// message) the JavaScript value stands for. Both sides must produce the same bytes for every value case.
/// </summary>
public static class MessagePackCrossImplementationCases
{
    private static readonly EchoPayload Payload = new("widget", 42, ["a", "b"]);

    public static IReadOnlyDictionary<string, (Type Type, object? Value)> Values { get; } = BuildValues();

    public static IReadOnlyDictionary<string, HubMessage> Messages { get; } = new Dictionary<string, HubMessage>
    {
        ["invocation-non-blocking"] = new InvocationMessage("NonBlocking", ["foo"]),
        ["invocation-with-id"] = new InvocationMessage("42", "Add", [40, 2]),
        ["invocation-headers"] = new InvocationMessage("123", "Send", [42, "Test Message"]) { Headers = new Dictionary<string, string> { ["x"] = "y", ["z"] = "z" } },
        ["invocation-stream-ids"] = new InvocationMessage("7", "AddStream", [], ["1", "2"]),
        ["invocation-object"] = new InvocationMessage("8", "EchoObject", [Payload]),
        ["invocation-bytes"] = new InvocationMessage("9", "EchoBytes", [new byte[] { 0, 1, 2, 255 }]),
        ["invocation-date"] = new InvocationMessage("10", "Schedule", [new DateTime(2024, 5, 6, 7, 8, 9, 123, DateTimeKind.Utc)]),
        ["invocation-mixed"] = new InvocationMessage("11", "Mixed", [1.5, true, null, "héllo", 9007199254740991L]),
        ["stream-invocation"] = new StreamInvocationMessage("12", "Counter", [5, 10]),
        ["stream-item"] = new StreamItemMessage("12", 3),
        ["stream-item-object"] = new StreamItemMessage("12", Payload),
        ["completion-result"] = CompletionMessage.WithResult("42", 42),
        ["completion-null-result"] = CompletionMessage.WithResult("43", null),
        ["completion-object-result"] = CompletionMessage.WithResult("44", Payload),
        ["completion-error"] = CompletionMessage.WithError("45", "It didn't work!"),
        ["completion-void"] = CompletionMessage.Empty("46"),
        ["cancel-invocation"] = new CancelInvocationMessage("12"),
        ["ping"] = PingMessage.Instance,
        ["close"] = CloseMessage.Empty,
        ["ack"] = new AckMessage(1394),
        ["sequence"] = new SequenceMessage(1234),
    };

    /// <summary>
    /// Messages the official protocol writes exactly as we do; it writes invocations without stream ids as five
    /// elements where we (and Microsoft's .NET protocol) always write six, and objects with the JavaScript object's
    /// camelCase keys where .NET writes member names.
    /// </summary>
    public static bool SameBytes(string messageName) =>
        Messages[messageName] is not HubMethodInvocationMessage { StreamIds: null } && !messageName.Contains("object", StringComparison.Ordinal)
        && messageName != "close";

    /// <summary>Values whose bytes both sides write alike: not objects (camelCase keys in JavaScript, member names in .NET).</summary>
    /// <remarks>Nor the mixed array: the package's object formatter writes its boxed integers at full width (cc 01).</remarks>
    public static bool SameValueBytes(string valueName) => !valueName.StartsWith("object-", StringComparison.Ordinal) && valueName != "mixed-array";

    private static Dictionary<string, (Type, object?)> BuildValues()
    {
        var values = new Dictionary<string, (Type, object?)>
        {
            ["nil"] = (typeof(object), null),
            ["true"] = (typeof(bool), true),
            ["false"] = (typeof(bool), false),
            ["int-max-safe"] = (typeof(long), 9007199254740991L),
            ["int-min-safe"] = (typeof(long), -9007199254740991L),
            ["int64-max"] = (typeof(long), long.MaxValue),
            ["int64-min"] = (typeof(long), long.MinValue),
            ["uint64-max"] = (typeof(ulong), ulong.MaxValue),
            ["float64-1.5"] = (typeof(double), 1.5),
            ["float64-minus-0.25"] = (typeof(double), -0.25),
            ["float64-pi"] = (typeof(double), Math.PI),
            ["float64-1e300"] = (typeof(double), 1e300),
            ["float32-0.5"] = (typeof(float), 0.5f),
            ["str-empty"] = (typeof(string), ""),
            ["str-1"] = (typeof(string), "a"),
            ["str-31"] = (typeof(string), new string('x', 31)),
            ["str-32"] = (typeof(string), new string('x', 32)),
            ["str-255"] = (typeof(string), new string('y', 255)),
            ["str-256"] = (typeof(string), new string('y', 256)),
            ["str-65535"] = (typeof(string), new string('z', 65535)),
            ["str-65536"] = (typeof(string), new string('z', 65536)),
            ["str-unicode"] = (typeof(string), "héllo wörld ❤ 🍺 ひらがな Кириллица"),
            ["bin-0"] = (typeof(byte[]), Bytes(0)),
            ["bin-1"] = (typeof(byte[]), Bytes(1, 7)),
            ["bin-255"] = (typeof(byte[]), Bytes(255)),
            ["bin-256"] = (typeof(byte[]), Bytes(256)),
            ["bin-65536"] = (typeof(byte[]), Bytes(65536, 3)),
            ["array-0"] = (typeof(int[]), Array.Empty<int>()),
            ["array-3"] = (typeof(int[]), new[] { 1, 2, 3 }),
            ["array-15"] = (typeof(List<int>), Enumerable.Range(0, 15).ToList()),
            ["array-16"] = (typeof(int[]), Enumerable.Range(0, 16).ToArray()),
            ["array-65536"] = (typeof(int[]), Enumerable.Range(0, 65536).Select(i => i % 100).ToArray()),
            ["map-0"] = (typeof(Dictionary<string, int>), new Dictionary<string, int>()),
            ["map-1"] = (typeof(Dictionary<string, int>), new Dictionary<string, int> { ["a"] = 1 }),
            ["map-15"] = (typeof(Dictionary<string, int>), Keys(15)),
            ["map-16"] = (typeof(Dictionary<string, int>), Keys(16)),
            ["map-65536"] = (typeof(Dictionary<string, int>), Keys(65536)),
            ["object-payload"] = (typeof(EchoPayload), Payload),
            ["object-nested"] = (typeof(NestedItem), new NestedItem(7, null, new NestedItem(8, "inner", null))),
            // As the package's object formatter reads it: integers keep their wire width, maps have object keys.
            ["mixed-array"] = (typeof(object), new object?[] { (byte)1, "two", true, null, 1.5, new Dictionary<object, object?> { ["k"] = "v" }, new object?[] { (byte)3 } }),
            ["date-epoch"] = (typeof(DateTime), DateTime.UnixEpoch),
            ["date-seconds"] = (typeof(DateTime), DateTime.UnixEpoch.AddSeconds(1514862245)),
            ["date-millis"] = (typeof(DateTime), new DateTime(2024, 5, 6, 7, 8, 9, 123, DateTimeKind.Utc)),
            ["date-before-epoch"] = (typeof(DateTime), DateTime.UnixEpoch.AddMilliseconds(-1)),
            ["date-1900"] = (typeof(DateTime), new DateTime(1900, 1, 1, 0, 0, 0, DateTimeKind.Utc)),
            ["ext-fix1"] = (typeof(ExtensionResult), new ExtensionResult(1, Bytes(1))),
            ["ext-fix2"] = (typeof(ExtensionResult), new ExtensionResult(2, Bytes(2))),
            ["ext-fix4"] = (typeof(ExtensionResult), new ExtensionResult(3, Bytes(4))),
            ["ext-fix8"] = (typeof(ExtensionResult), new ExtensionResult(4, Bytes(8))),
            ["ext-fix16"] = (typeof(ExtensionResult), new ExtensionResult(5, Bytes(16))),
            ["ext8-empty"] = (typeof(ExtensionResult), new ExtensionResult(6, Bytes(0))),
            ["ext8-3"] = (typeof(ExtensionResult), new ExtensionResult(7, Bytes(3))),
            ["ext16-256"] = (typeof(ExtensionResult), new ExtensionResult(8, Bytes(256))),
            ["ext32-65536"] = (typeof(ExtensionResult), new ExtensionResult(9, Bytes(65536))),
        };

        foreach (long edge in new long[] { 0, 1, 127, 128, 255, 256, 65535, 65536, 4294967295, 4294967296 })
        {
            values[$"int-{edge}"] = (typeof(long), edge);
        }

        foreach (long edge in new long[] { -1, -32, -33, -128, -129, -32768, -32769, -2147483648, -2147483649 })
        {
            values[$"int-minus-{-edge}"] = (typeof(int), edge is >= int.MinValue ? (object)(int)edge : edge);
        }

        values["int-minus-2147483649"] = (typeof(long), -2147483649L);
        return values;
    }

    /// <summary>The bytes msgpack-cases.mjs generates: (i * 31 + seed) &amp; 0xff.</summary>
    private static byte[] Bytes(int length, int seed = 0) => Enumerable.Range(0, length).Select(i => (byte)((i * 31) + seed)).ToArray();

    private static Dictionary<string, int> Keys(int count) => Enumerable.Range(0, count).ToDictionary(i => $"k{i}", i => i);
}
