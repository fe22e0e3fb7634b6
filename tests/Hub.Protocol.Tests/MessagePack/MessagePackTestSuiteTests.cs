using System.Buffers;
using System.Globalization;
using System.Numerics;
using System.Text.Json;
using HubFramework.Protocol.MessagePack;

namespace HubFramework.Protocol.Tests.MessagePack;

/// <summary>
/// The msgpack-test-suite dataset (npm package, installed by test.sh's npm ci in tests/ProtocolVectors): every
/// accepted encoding of every case decodes to the expected value, and our encoding of that value is one of the
/// accepted encodings and the shortest of them.
/// </summary>
public class MessagePackTestSuiteTests
{
    private static readonly MessagePackSerializer Serializer = new();
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
            Assert.Equal(MessagePackReadStatus.Success, reader.TrySkip());
            Assert.True(reader.End, where);

            switch (suiteCase.Kind)
            {
                case "timestamp":
                    var timestampReader = new MessagePackReader(sequence);
                    var timestamp = timestampReader.ReadTimestamp();
                    Assert.Equal(suiteCase.Value[0].GetInt64(), timestamp.Seconds);
                    Assert.Equal(suiteCase.Value[1].GetUInt32(), timestamp.Nanoseconds);
                    break;
                case "ext":
                    var extensionReader = new MessagePackReader(sequence);
                    var data = extensionReader.ReadExtension(out var header);
                    Assert.Equal(suiteCase.Value[0].GetInt32(), header.TypeCode);
                    Assert.Equal(Hex.Bytes(suiteCase.Value[1].GetString()!), data.ToArray());
                    break;
                case "binary":
                    Assert.Equal(Hex.Bytes(suiteCase.Value.GetString()!), (byte[])Serializer.Deserialize(sequence, typeof(byte[]))!);
                    break;
                case "number" or "bignum":
                    AssertNumber(suiteCase, Serializer.Deserialize(sequence, typeof(object)), where);
                    break;
                default:
                    AssertSame(suiteCase.Value, Serializer.Deserialize(sequence, typeof(object)), where);
                    var element = (JsonElement)Serializer.Deserialize(sequence, typeof(JsonElement))!;
                    Assert.True(JsonElement.DeepEquals(suiteCase.Value, element), $"{where}: {element.GetRawText()}");
                    break;
            }
        }
    }

    private static IEnumerable<byte[]> Encode(SuiteCase suiteCase)
    {
        switch (suiteCase.Kind)
        {
            case "timestamp":
                var timestamp = new MessagePackTimestamp(suiteCase.Value[0].GetInt64(), suiteCase.Value[1].GetUInt32());
                yield return CodecAssert.Write((ref MessagePackWriter w) => w.WriteTimestamp(timestamp));
                break;
            case "ext":
                var extension = new MessagePackExtension((sbyte)suiteCase.Value[0].GetInt32(), Hex.Bytes(suiteCase.Value[1].GetString()!));
                yield return Serializer.SerializeToArray(extension);
                break;
            case "binary":
                yield return Serializer.SerializeToArray(Hex.Bytes(suiteCase.Value.GetString()!));
                break;
            case "number" or "bignum":
                var number = suiteCase.Number;
                if (IsIntegral(suiteCase.Value) || suiteCase.Kind == "bignum")
                {
                    yield return number >= 0 ? Serializer.SerializeToArray((ulong)number) : Serializer.SerializeToArray((long)number);
                    if (number >= long.MinValue && number <= long.MaxValue)
                    {
                        yield return Serializer.SerializeToArray((long)number);
                    }
                }
                else
                {
                    double value = suiteCase.Value.GetDouble();
                    yield return Serializer.SerializeToArray(value);
                    if ((float)value == value)
                    {
                        yield return Serializer.SerializeToArray((float)value);
                    }
                }

                break;
            default:
                yield return Serializer.SerializeToArray(suiteCase.Value);
                break;
        }
    }

    private static void AssertNumber(SuiteCase suiteCase, object? actual, string where)
    {
        switch (actual)
        {
            case long or ulong:
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

        if (suiteCase.Number >= int.MinValue && suiteCase.Number <= int.MaxValue && Math.Floor(suiteCase.Number) == suiteCase.Number)
        {
            Assert.Equal((int)suiteCase.Number, Serializer.Deserialize<int>(SuiteBytes(where)));
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
                Assert.Equal(expected.GetInt64(), Assert.IsType<long>(actual));
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
                var map = Assert.IsType<Dictionary<string, object?>>(actual);
                Assert.Equal(expected.EnumerateObject().Count(), map.Count);
                foreach (var property in expected.EnumerateObject())
                {
                    AssertSame(property.Value, map[property.Name], where);
                }

                break;
        }
    }

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
