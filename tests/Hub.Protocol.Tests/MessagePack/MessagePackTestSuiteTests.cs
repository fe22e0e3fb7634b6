using System.Buffers;
using System.Globalization;
using System.Numerics;
using System.Text.Json;
using MessagePack;

namespace HubFramework.Protocol.Tests.MessagePack;

/// <summary>
/// The msgpack-test-suite dataset (npm package, installed by test.sh's npm ci in tests/ProtocolVectors): every
/// accepted encoding of every case decodes to the expected value, and our encoding of that value is one of the
/// accepted encodings and the shortest of them. Reading and writing are the <c>MessagePack</c> package's, with the hub
/// protocol's default serializer options: this pins what the package does for us.
/// </summary>
public class MessagePackTestSuiteTests
{
    private static readonly MessagePackSerializerOptions Options = HubFramework.Protocol.MessagePack.MessagePackHubProtocol.CreateDefaultSerializerOptions();
    private static readonly Lazy<List<SuiteCase>> Cases = new(Load);

    public static TheoryData<string> CaseNames
    {
        get
        {
            // Listed from the file when it exists; otherwise one name whose test fails and says why.
            var names = new TheoryData<string>();
            if (!File.Exists(VectorFiles.TestSuite))
            {
                names.Add("(dataset missing)");
                return names;
            }

            foreach (var suiteCase in Cases.Value)
            {
                names.Add(suiteCase.Name);
            }

            return names;
        }
    }

    [Fact]
    public void TheDatasetIsInstalledAndComplete()
    {
        var cases = Cases.Value;
        Assert.True(cases.Count >= 80, $"only {cases.Count} cases in {VectorFiles.TestSuite}");
        foreach (string kind in new[] { "nil", "bool", "binary", "number", "bignum", "string", "array", "map", "timestamp", "ext" })
        {
            Assert.Contains(cases, c => c.Kind == kind);
        }
    }

    [Theory]
    [MemberData(nameof(CaseNames))]
    public void EveryEncodingDecodesAndOursIsTheShortestAccepted(string name)
    {
        var suiteCase = Cases.Value.Single(c => c.Name == name);
        foreach (var encoding in suiteCase.Encodings)
        {
            Decodes(suiteCase, encoding);
        }

        if (suiteCase.Kind is "array" or "map")
        {
            // Containers of plain values are written through the package's object formatter, which writes boxed
            // integers at their full width (d3 00…01 for 1), as Microsoft's protocol does: valid, not the shortest,
            // so these must read back as the same value instead.
            foreach (var ours in Encode(suiteCase))
            {
                AssertSame(suiteCase.Value, MessagePackSerializer.Deserialize<object>(ours, Options), $"{name} from our {Hex.Of(ours)}");
            }

            return;
        }

        foreach (var ours in Encode(suiteCase))
        {
            Assert.True(suiteCase.Encodings.Any(e => e.AsSpan().SequenceEqual(ours)), $"{name}: our encoding {Hex.Of(ours)} is not accepted");

            // Shortest within the family written: an integer is never written as a float, even when a float is shorter.
            int shortest = suiteCase.Encodings.Where(e => IsFloat(e) == IsFloat(ours)).Min(e => e.Length);
            Assert.True(ours.Length == shortest || IsFloat(ours) && ours[0] == 0xcb, $"{name}: {Hex.Of(ours)} is longer than the shortest accepted form");
        }
    }

    private static void Decodes(SuiteCase suiteCase, byte[] encoding)
    {
        string where = $"{suiteCase.Name} from {Hex.Of(encoding)}";
        foreach (int segmentSize in new[] { int.MaxValue, 1 })
        {
            var sequence = Segments.Split(encoding, segmentSize);
            var reader = new MessagePackReader(sequence);
            reader.Skip();
            Assert.True(reader.End, where);

            switch (suiteCase.Kind)
            {
                case "timestamp":
                    var timestampReader = new MessagePackReader(sequence);
                    long seconds = suiteCase.Value[0].GetInt64();
                    uint nanoseconds = suiteCase.Value[1].GetUInt32();
                    if (!FitsDateTime(seconds))
                    {
                        // Beyond DateTime's range (years before 1 or after 9999): nothing .NET could compare it with.
                        break;
                    }

                    var timestamp = timestampReader.ReadDateTime();
                    Assert.Equal(DateTimeKind.Utc, timestamp.Kind);
                    Assert.Equal(DateTime.UnixEpoch.AddSeconds(seconds).AddTicks(nanoseconds / 100), timestamp);
                    break;
                case "ext":
                    var extensionReader = new MessagePackReader(sequence);
                    var extension = extensionReader.ReadExtensionFormat();
                    Assert.Equal(suiteCase.Value[0].GetInt32(), extension.TypeCode);
                    Assert.Equal(Hex.Bytes(suiteCase.Value[1].GetString()!), extension.Data.ToArray());
                    break;
                case "binary":
                    Assert.Equal(Hex.Bytes(suiteCase.Value.GetString()!), MessagePackSerializer.Deserialize<byte[]>(sequence, Options));
                    break;
                case "number" or "bignum":
                    AssertNumber(suiteCase, MessagePackSerializer.Deserialize<object>(sequence, Options), where);
                    break;
                default:
                    AssertSame(suiteCase.Value, MessagePackSerializer.Deserialize<object>(sequence, Options), where);
                    break;
            }
        }
    }

    private static IEnumerable<byte[]> Encode(SuiteCase suiteCase)
    {
        switch (suiteCase.Kind)
        {
            case "timestamp":
                long seconds = suiteCase.Value[0].GetInt64();
                if (FitsDateTime(seconds))
                {
                    uint nanoseconds = suiteCase.Value[1].GetUInt32();
                    if (nanoseconds % 100 == 0)
                    {
                        // DateTime holds 100 ns ticks: finer timestamps cannot be written back exactly.
                        yield return Serialize(DateTime.UnixEpoch.AddSeconds(seconds).AddTicks(nanoseconds / 100));
                    }
                }

                break;
            case "ext":
                var extension = new ExtensionResult((sbyte)suiteCase.Value[0].GetInt32(), Hex.Bytes(suiteCase.Value[1].GetString()!));
                var buffer = new ArrayBufferWriter<byte>();
                var writer = new MessagePackWriter(buffer);
                writer.WriteExtensionFormat(extension);
                writer.Flush();
                yield return buffer.WrittenSpan.ToArray();
                break;
            case "binary":
                yield return Serialize(Hex.Bytes(suiteCase.Value.GetString()!));
                break;
            case "number" or "bignum":
                var number = suiteCase.Number;
                if (IsIntegral(suiteCase.Value) || suiteCase.Kind == "bignum")
                {
                    yield return number >= 0 ? Serialize((ulong)number) : Serialize((long)number);
                    if (number >= long.MinValue && number <= long.MaxValue)
                    {
                        yield return Serialize((long)number);
                    }
                }
                else
                {
                    double value = suiteCase.Value.GetDouble();
                    yield return Serialize(value);
                    if ((float)value == value)
                    {
                        yield return Serialize((float)value);
                    }
                }

                break;
            default:
                yield return Serialize(ToValue(suiteCase.Value));
                break;
        }
    }

    private static void AssertNumber(SuiteCase suiteCase, object? actual, string where)
    {
        switch (actual)
        {
            case byte or sbyte or short or ushort or int or uint or long or ulong:
                Assert.True(suiteCase.Number == Convert.ToDecimal(actual, CultureInfo.InvariantCulture), $"{where}: {actual}");
                break;
            case float or double:
                double expected = suiteCase.Kind == "bignum" ? (double)suiteCase.Number : suiteCase.Value.GetDouble();
                Assert.True(expected == Convert.ToDouble(actual, CultureInfo.InvariantCulture), $"{where}: {actual}");
                break;
            default:
                Assert.Fail($"{where}: a number expected, got {actual?.GetType().Name ?? "null"}");
                break;
        }

        if (suiteCase.Number >= int.MinValue && suiteCase.Number <= int.MaxValue && Math.Floor(suiteCase.Number) == suiteCase.Number && !IsFloat(SuiteBytes(where)))
        {
            Assert.Equal((int)suiteCase.Number, MessagePackSerializer.Deserialize<int>(SuiteBytes(where), Options));
        }
    }

    private static byte[] SuiteBytes(string where) => Hex.Bytes(where[(where.LastIndexOf(' ') + 1)..]);

    private static void AssertSame(JsonElement expected, object? actual, string where)
    {
        switch (expected.ValueKind)
        {
            case JsonValueKind.Null:
                Assert.Null(actual);
                break;
            case JsonValueKind.True or JsonValueKind.False:
                Assert.Equal(expected.GetBoolean(), Assert.IsType<bool>(actual));
                break;
            case JsonValueKind.String:
                Assert.Equal(expected.GetString(), Assert.IsType<string>(actual));
                break;
            case JsonValueKind.Number:
                // The package's object formatter keeps the wire width: a fixint is a byte, an int 16 a short, …
                Assert.Equal(expected.GetInt64(), Convert.ToInt64(actual, CultureInfo.InvariantCulture));
                break;
            case JsonValueKind.Array:
                var items = Assert.IsType<object?[]>(actual);
                Assert.Equal(expected.GetArrayLength(), items.Length);
                int i = 0;
                foreach (var item in expected.EnumerateArray())
                {
                    AssertSame(item, items[i++], where);
                }

                break;
            default:
                var map = Assert.IsType<Dictionary<object, object?>>(actual);
                Assert.Equal(expected.EnumerateObject().Count(), map.Count);
                foreach (var property in expected.EnumerateObject())
                {
                    AssertSame(property.Value, map[property.Name], where);
                }

                break;
        }
    }

    private static byte[] Serialize<T>(T value) => MessagePackSerializer.Serialize(value, Options);

    /// <summary>A JSON value of the dataset as the plain .NET value the package writes (maps keep their key order).</summary>
    private static object? ToValue(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.Null => null,
        JsonValueKind.True => true,
        JsonValueKind.False => false,
        JsonValueKind.String => element.GetString(),
        JsonValueKind.Number => element.GetInt64(),
        JsonValueKind.Array => element.EnumerateArray().Select(ToValue).ToArray(),
        _ => element.EnumerateObject().ToDictionary(p => p.Name, p => ToValue(p.Value)),
    };

    private static bool FitsDateTime(long seconds) =>
        seconds >= (DateTime.MinValue - DateTime.UnixEpoch).Ticks / TimeSpan.TicksPerSecond
        && seconds < (DateTime.MaxValue - DateTime.UnixEpoch).Ticks / TimeSpan.TicksPerSecond;

    private static bool IsFloat(byte[] encoding) => encoding[0] is 0xca or 0xcb;

    private static bool IsIntegral(JsonElement number) => number.ValueKind == JsonValueKind.Number && number.TryGetInt64(out _);

    private static List<SuiteCase> Load()
    {
        string text = VectorFiles.ReadRequired(VectorFiles.TestSuite,
            "the msgpack-test-suite npm package is not installed; run `npm ci` in tests/ProtocolVectors (./test.sh does).");
        using var document = JsonDocument.Parse(text);
        var cases = new List<SuiteCase>();
        foreach (var file in document.RootElement.EnumerateObject())
        {
            int index = 0;
            foreach (var entry in file.Value.EnumerateArray())
            {
                var encodings = entry.GetProperty("msgpack").EnumerateArray().Select(e => Hex.Bytes(e.GetString()!)).ToArray();
                var kind = entry.EnumerateObject().Select(p => p.Name).First(n => n != "msgpack" && n != "number" || !entry.TryGetProperty("bignum", out _) && n == "number");
                cases.Add(new SuiteCase($"{file.Name}#{index++}", kind, entry.GetProperty(kind).Clone(), encodings));
            }
        }

        return cases;
    }

    private sealed record SuiteCase(string Name, string Kind, JsonElement Value, byte[][] Encodings)
    {
        /// <summary>The number of a number or bignum case, exactly.</summary>
        public decimal Number => Kind == "bignum"
            ? decimal.Parse(Value.GetString()!, CultureInfo.InvariantCulture)
            : Value.GetDecimal();

        public override string ToString() => Name;
    }
}
