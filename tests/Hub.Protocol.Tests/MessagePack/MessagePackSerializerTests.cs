using System.Collections.Immutable;
using System.Text.Json;
using System.Text.Json.Serialization;
using HubFramework.Protocol.MessagePack;

namespace HubFramework.Protocol.Tests.MessagePack;

/// <summary>The object layer: .NET types to MessagePack and back, shaped by System.Text.Json contracts.</summary>
public class MessagePackSerializerTests
{
    private static readonly MessagePackSerializer Serializer = new();

    public static TheoryData<object, string> Primitives => new()
    {
        { true, "c3" },
        { (byte)200, "ccc8" },
        { (sbyte)-5, "fb" },
        { (short)-300, "d1fed4" },
        { (ushort)65535, "cdffff" },
        { 42, "2a" },
        { 70000u, "ce00011170" },
        { -5000000000L, "d3fffffffed5fa0e00" },
        { ulong.MaxValue, "cfffffffffffffffff" },
        { 0.5f, "ca3f000000" },
        { 0.1, "cb3fb999999999999a" },
        { 12.345m, "a6" + "31322e333435" },
        { 'é', "a2c3a9" },
        { "hi", "a26869" },
        { new byte[] { 1, 2, 3 }, "c403010203" },
        { Color.Green, "02" },
        { Big.Huge, "cfffffffffffffffff" },
        { new Guid("00112233-4455-6677-8899-aabbccddeeff"), "d924" + Convert.ToHexString("00112233-4455-6677-8899-aabbccddeeff"u8).ToLowerInvariant() },
        { new DateTime(2018, 1, 2, 3, 4, 5, DateTimeKind.Utc), "d6ff5a4af6a5" },
        { new DateTimeOffset(2018, 1, 2, 5, 4, 5, TimeSpan.FromHours(2)), "d6ff5a4af6a5" },
    };

    [Theory]
    [MemberData(nameof(Primitives))]
    public void PrimitivesHaveTheirDocumentedEncodingAndRoundTrip(object value, string hex)
    {
        var encoded = Serializer.SerializeToArray(value);
        Assert.Equal(hex, Hex.Of(encoded));
        object? read = Serializer.Deserialize(new System.Buffers.ReadOnlySequence<byte>(encoded), value.GetType());
        if (value is DateTimeOffset offset)
        {
            Assert.Equal(offset.UtcDateTime, ((DateTimeOffset)read!).UtcDateTime);
            return;
        }

        DeepEqual.Values(value, read);
    }

    [Fact]
    public void IntegersConvertBetweenWidthsWithinRange()
    {
        Assert.Equal(256, Serializer.Deserialize<int>(Hex.Bytes("cd0100")));
        Assert.Equal(255, Serializer.Deserialize<byte>(Hex.Bytes("d100ff")));
        Assert.Equal(2, Serializer.Deserialize<int>(Hex.Bytes("cb4000000000000000")));
        Assert.Equal(3.0, Serializer.Deserialize<double>(Hex.Bytes("03")));
        Assert.Equal(ulong.MaxValue, Serializer.Deserialize<ulong>(Hex.Bytes("cfffffffffffffffff")));
        Assert.Equal(-1, Serializer.Deserialize<sbyte>(Hex.Bytes("ff")));

        Assert.Contains("cannot be converted to Byte", Assert.Throws<MessagePackSerializationException>(() => Serializer.Deserialize<byte>(Hex.Bytes("cd0100"))).Message);
        Assert.Throws<MessagePackSerializationException>(() => Serializer.Deserialize<uint>(Hex.Bytes("ff")));
        Assert.Throws<MessagePackSerializationException>(() => Serializer.Deserialize<long>(Hex.Bytes("cfffffffffffffffff")));
        Assert.Throws<MessagePackSerializationException>(() => Serializer.Deserialize<int>(Hex.Bytes("cb4004000000000000")));
        Assert.Throws<MessagePackSerializationException>(() => Serializer.Deserialize<int>(Hex.Bytes("a131")));
        Assert.Throws<MessagePackSerializationException>(() => Serializer.Deserialize<int>(Hex.Bytes("c0")));
        Assert.Throws<MessagePackSerializationException>(() => Serializer.Deserialize<bool>(Hex.Bytes("01")));
    }

    [Fact]
    public void NilReadsAsNullForReferenceAndNullableTypes()
    {
        Assert.Null(Serializer.Deserialize<string>(Hex.Bytes("c0")));
        Assert.Null(Serializer.Deserialize<int?>(Hex.Bytes("c0")));
        Assert.Equal(5, Serializer.Deserialize<int?>(Hex.Bytes("05")));
        Assert.Null(Serializer.Deserialize<Widget>(Hex.Bytes("c0")));
        Assert.Null(Serializer.Deserialize<int[]>(Hex.Bytes("c0")));
        Assert.Equal("c0", Hex.Of(Serializer.SerializeToArray<int?>(null)));
        Assert.Equal("07", Hex.Of(Serializer.SerializeToArray<int?>(7)));
    }

    [Fact]
    public void TextFormsOfDatesGuidsEnumsAndDecimalsAreAccepted()
    {
        var date = Serializer.Deserialize<DateTime>(Serializer.SerializeToArray("2024-05-06T07:08:09.123Z"));
        Assert.Equal(new DateTime(2024, 5, 6, 7, 8, 9, 123, DateTimeKind.Utc), date);
        Assert.Equal(DateTimeKind.Utc, date.Kind);
        Assert.Equal(new DateTimeOffset(2024, 5, 6, 9, 8, 9, TimeSpan.FromHours(2)), Serializer.Deserialize<DateTimeOffset>(Serializer.SerializeToArray("2024-05-06T09:08:09+02:00")));
        var guid = Guid.NewGuid();
        Assert.Equal(guid, Serializer.Deserialize<Guid>(Serializer.SerializeToArray(guid.ToString("N"))));
        Assert.Equal(guid, Serializer.Deserialize<Guid>(Serializer.SerializeToArray(guid.ToByteArray())));
        Assert.Equal(Color.Green, Serializer.Deserialize<Color>(Serializer.SerializeToArray("green")));
        Assert.Equal(12.5m, Serializer.Deserialize<decimal>(Serializer.SerializeToArray(12.5)));
        Assert.Throws<MessagePackSerializationException>(() => Serializer.Deserialize<Guid>(Serializer.SerializeToArray("nope")));
        Assert.Throws<MessagePackSerializationException>(() => Serializer.Deserialize<Color>(Serializer.SerializeToArray("purple")));
        Assert.Throws<MessagePackSerializationException>(() => Serializer.Deserialize<DateTime>(Serializer.SerializeToArray("yesterday")));
    }

    [Fact]
    public void LocalTimesAreWrittenAsTheirUtcInstant()
    {
        var local = new DateTime(2024, 5, 6, 7, 8, 9, DateTimeKind.Local);
        var read = Serializer.Deserialize<DateTime>(Serializer.SerializeToArray(local));
        Assert.Equal(local.ToUniversalTime(), read);
        Assert.Equal(DateTimeKind.Utc, read.Kind);
    }

    [Fact]
    public void CollectionsRoundTripAsArrays()
    {
        RoundTrip(new[] { 1, 2, 3 }, "93010203");
        RoundTrip(new List<string?> { "a", null }, "92a161c0");
        RoundTrip(Array.Empty<int>(), "90");
        Assert.Equal([4, 5], Serializer.Deserialize<IEnumerable<int>>(Hex.Bytes("920405")));
        Assert.Equal([4, 5], Serializer.Deserialize<IReadOnlyList<int>>(Hex.Bytes("920405")));
        Assert.Equal([4, 5], Serializer.Deserialize<IList<int>>(Hex.Bytes("920405")));
        Assert.Equal(new HashSet<int> { 4, 5 }, Serializer.Deserialize<HashSet<int>>(Hex.Bytes("93040505")));
        Assert.Equal([4, 5], Serializer.Deserialize<ImmutableArray<int>>(Hex.Bytes("920405")).ToArray());
        Assert.Equal("920405", Hex.Of(Serializer.SerializeToArray(ImmutableArray.Create(4, 5))));
        Assert.Equal("920405", Hex.Of(Serializer.SerializeToArray(new HashSet<int> { 4, 5 })));
        Assert.Equal("920405", Hex.Of(Serializer.SerializeToArray<IEnumerable<int>>(Enumerable.Range(4, 2))));
        Assert.Equal([[1], []], Serializer.Deserialize<int[][]>(Hex.Bytes("92910190")));
        Assert.Throws<MessagePackSerializationException>(() => Serializer.Deserialize<int[]>(Hex.Bytes("81a16101")));
    }

    [Fact]
    public void DictionariesRoundTripAsMaps()
    {
        RoundTrip(new Dictionary<string, int> { ["a"] = 1, ["b"] = 2 }, "82a16101a16202");
        RoundTrip(new Dictionary<int, string> { [1] = "x" }, "8101a178");
        RoundTrip(new Dictionary<string, object?> { ["n"] = null, ["l"] = new object?[] { 1L, "s" } }, "82a16ec0a16c9201a173");
        var readOnly = Serializer.Deserialize<IReadOnlyDictionary<string, int>>(Hex.Bytes("81a16101"));
        Assert.Equal(1, readOnly["a"]);
        var sorted = Serializer.Deserialize<SortedDictionary<string, int>>(Hex.Bytes("82a16202a16101"));
        Assert.Equal(["a", "b"], sorted.Keys);
        Assert.Equal(2, Serializer.Deserialize<Dictionary<string, int>>(Hex.Bytes("82a16101a16102"))["a"]);
        Assert.Throws<MessagePackSerializationException>(() => Serializer.Deserialize<Dictionary<string, int>>(Hex.Bytes("81c001")));
    }

    [Fact]
    public void ObjectsAreMapsKeyedByCamelCasePropertyNames()
    {
        var widget = new Widget
        {
            Id = 7,
            Label = "top",
            Child = new Widget { Id = 8 },
            Numbers = [1, 2],
            Scores = new() { ["x"] = 1.5 },
            Color = Color.Red,
            When = new DateTime(2018, 1, 2, 3, 4, 5, DateTimeKind.Utc),
            Key = Guid.Empty,
        };
        var encoded = Serializer.SerializeToArray(widget);
        var asMap = (Dictionary<string, object?>)Serializer.Deserialize<object>(encoded)!;
        Assert.Equal(["id", "label", "child", "numbers", "scores", "color", "when", "key"], asMap.Keys);
        Assert.Equal(7L, asMap["id"]);

        var read = Serializer.Deserialize<Widget>(encoded);
        Assert.Equal(JsonSerializer.Serialize(widget), JsonSerializer.Serialize(read));
    }

    [Fact]
    public void UnknownKeysAreSkippedAndOrderDoesNotMatter()
    {
        var bytes = Serializer.SerializeToArray(new Dictionary<string, object?>
        {
            ["extra"] = new object?[] { new Dictionary<string, object?> { ["deep"] = 1 } },
            ["label"] = "x",
            [""] = 3,
            ["id"] = 5,
        });
        var read = Serializer.Deserialize<Widget>(bytes);
        Assert.Equal(5, read.Id);
        Assert.Equal("x", read.Label);

        var withIntKey = Hex.Bytes("82" + "01" + "02" + "a269" + "64" + "09");
        Assert.Equal(9, Serializer.Deserialize<Widget>(withIntKey).Id);
    }

    [Fact]
    public void NamesMatchCaseInsensitivelyByDefaultAndExactlyWhenConfigured()
    {
        var bytes = Serializer.SerializeToArray(new Dictionary<string, object> { ["ID"] = 3, ["Label"] = "L" });
        var read = Serializer.Deserialize<Widget>(bytes);
        Assert.Equal(3, read.Id);
        Assert.Equal("L", read.Label);

        var exact = new MessagePackSerializer(new JsonSerializerOptions { PropertyNamingPolicy = null });
        var pascal = exact.Deserialize<Widget>(bytes);
        Assert.Equal(0, pascal.Id);
        Assert.Equal("L", pascal.Label);
        Assert.StartsWith("88a24964", Hex.Of(exact.SerializeToArray(new Widget())));
    }

    [Fact]
    public void RecordsAreBuiltThroughTheirConstructor()
    {
        var payload = new EchoPayload("widget", 42, ["a", "b"]);
        var encoded = Serializer.SerializeToArray(payload);
        Assert.Equal("83a46e616d65a6776964676574a576616c75652aa47461677392a161a162", Hex.Of(encoded));
        DeepEqual.Values(payload, Serializer.Deserialize<EchoPayload>(encoded));

        var partial = Serializer.Deserialize<WithDefaults>(Serializer.SerializeToArray(new Dictionary<string, int> { ["c"] = 3, ["a"] = 1 }));
        Assert.Equal(new WithDefaults(1) { C = 3 }, partial);
        Assert.Throws<MessagePackSerializationException>(() => Serializer.Deserialize<WithDefaults>(Serializer.SerializeToArray(new Dictionary<string, string> { ["a"] = "x" })));
    }

    [Fact]
    public void RequiredPropertiesMustBePresent()
    {
        var ok = Serializer.Deserialize<WithRequired>(Serializer.SerializeToArray(new Dictionary<string, string> { ["name"] = "n" }));
        Assert.Equal("n", ok.Name);
        var error = Assert.Throws<MessagePackSerializationException>(() => Serializer.Deserialize<WithRequired>(Serializer.SerializeToArray(new Dictionary<string, int> { ["other"] = 1 })));
        Assert.Contains("'name'", error.Message);
    }

    [Fact]
    public void IgnoreConditionsAndRenamesFollowTheContract()
    {
        var value = new WithIgnore { Maybe = null, Always = 1, Never = 2, Original = 3 };
        var map = (Dictionary<string, object?>)Serializer.Deserialize<object>(Serializer.SerializeToArray(value))!;
        Assert.Equal(["always", "renamed"], map.Keys);
        value.Maybe = "m";
        map = (Dictionary<string, object?>)Serializer.Deserialize<object>(Serializer.SerializeToArray(value))!;
        Assert.Equal(["maybe", "always", "renamed"], map.Keys);

        var skipNulls = new MessagePackSerializer(new JsonSerializerOptions(JsonSerializerDefaults.Web) { DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull });
        var sparse = (Dictionary<string, object?>)Serializer.Deserialize<object>(skipNulls.SerializeToArray(new Widget { Id = 1 }))!;
        Assert.DoesNotContain("label", sparse.Keys);
        Assert.Contains("id", sparse.Keys);
    }

    [Fact]
    public void StructsRoundTrip() => RoundTrip(new Point { X = 1, Y = -2 }, "82a17801a179fe");

    [Fact]
    public void AnErrorInsideAPropertyNamesTheProperty()
    {
        var bytes = Serializer.SerializeToArray(new Dictionary<string, object> { ["id"] = "not a number" });
        var error = Assert.Throws<MessagePackSerializationException>(() => Serializer.Deserialize<Widget>(bytes));
        Assert.Contains("Property 'id' of Widget", error.Message);
    }

    [Fact]
    public void TypesWithJsonOnlyConvertersGoThroughTheirJsonForm()
    {
        var shape = Serializer.SerializeToArray<Shape>(new Circle { Radius = 2 });
        var map = (Dictionary<string, object?>)Serializer.Deserialize<object>(shape)!;
        Assert.Equal("circle", map["$type"]);
        Assert.Equal(2L, map["radius"]);
        Assert.Equal(2, Assert.IsType<Circle>(Serializer.Deserialize<Shape>(shape)).Radius);

        Assert.Equal("a8" + "30303a30313a3030", Hex.Of(Serializer.SerializeToArray(TimeSpan.FromMinutes(1))));
        Assert.Equal(TimeSpan.FromMinutes(1), Serializer.Deserialize<TimeSpan>(Serializer.SerializeToArray(TimeSpan.FromMinutes(1))));
        Assert.Equal(new Uri("https://example.org/x"), Serializer.Deserialize<Uri>(Serializer.SerializeToArray(new Uri("https://example.org/x"))));
        Assert.Throws<MessagePackSerializationException>(() => Serializer.Deserialize<TimeSpan>(Serializer.SerializeToArray(5)));
    }

    [Fact]
    public void ObjectTargetsGetNaturalDotNetValues()
    {
        var bytes = Hex.Bytes("9a" + "c0" + "c3" + "05" + "cfffffffffffffffff" + "ca3f000000" + "cb3ff8000000000000" + "a161" + "c40101" + "81a16b90" + "d6ff00000000");
        var items = Assert.IsType<object?[]>(Serializer.Deserialize<object>(bytes));
        Assert.Null(items[0]);
        Assert.Equal(true, items[1]);
        Assert.Equal(5L, items[2]);
        Assert.Equal(ulong.MaxValue, items[3]);
        Assert.Equal(0.5f, items[4]);
        Assert.Equal(1.5, items[5]);
        Assert.Equal("a", items[6]);
        Assert.Equal(new byte[] { 1 }, items[7]);
        Assert.Empty(Assert.IsType<object?[]>(Assert.IsType<Dictionary<string, object?>>(items[8])["k"]));
        Assert.Equal(DateTime.UnixEpoch, items[9]);

        var mixedKeys = Assert.IsType<Dictionary<object, object?>>(Serializer.Deserialize<object>(Hex.Bytes("82a16101" + "0102")));
        Assert.Equal(1L, mixedKeys["a"]);
        Assert.Equal(2L, mixedKeys[1L]);
        Assert.Equal(new MessagePackExtension(9, new byte[] { 7 }), Serializer.Deserialize<object>(Hex.Bytes("d40907")));
        Assert.Equal(new MessagePackTimestamp(-62167219200, 0), Serializer.Deserialize<object>(Hex.Bytes("c70cff00000000fffffff1868b8400")));
        Assert.Equal("80", Hex.Of(Serializer.SerializeToArray(new object())));
    }

    [Fact]
    public void JsonElementTargetsTakeAnyValue()
    {
        var element = Serializer.Deserialize<JsonElement>(Hex.Bytes("83a16101a162c40101a16393c3c0cb3ff8000000000000"));
        Assert.Equal("""{"a":1,"b":"AQ==","c":[true,null,1.5]}""", element.GetRawText());
        var written = Serializer.SerializeToArray(JsonDocument.Parse("""{"a":1,"b":[-2,18446744073709551615,0.5,"s",false,null]}""").RootElement);
        Assert.Equal("82a16101a16296fecfffffffffffffffffcb3fe0000000000000a173c2c0", Hex.Of(written));
    }

    [Fact]
    public void SourceGeneratedContextsWork()
    {
        var serializer = new MessagePackSerializer(new JsonSerializerOptions(JsonSerializerDefaults.Web) { TypeInfoResolver = MessagePackTestJsonContext.Default });
        var payload = new EchoPayload("n", 1, ["t"]);
        var encoded = serializer.SerializeToArray(payload);
        Assert.Equal(Hex.Of(Serializer.SerializeToArray(payload)), Hex.Of(encoded));
        DeepEqual.Values(payload, serializer.Deserialize<EchoPayload>(encoded));

        var widget = new Widget { Id = 3, Numbers = [9], Child = new Widget { Label = "c" } };
        var read = serializer.Deserialize<Widget>(serializer.SerializeToArray(widget));
        Assert.Equal(JsonSerializer.Serialize(widget), JsonSerializer.Serialize(read));
        Assert.Equal(new WithDefaults(4, "b") { C = 5 }, serializer.Deserialize<WithDefaults>(serializer.SerializeToArray(new WithDefaults(4, "b") { C = 5 })));
        Assert.Throws<MessagePackSerializationException>(() => serializer.SerializeToArray(new Point()));
    }

    [Fact]
    public void InheritedInitOnlyAndIncludedPrivateAccessorsWork()
    {
        var value = DerivedEntity.WithHidden(9);
        value.Id = 3;
        value.Kind = "k";
        var encoded = Serializer.SerializeToArray(value);
        var map = (Dictionary<string, object?>)Serializer.Deserialize<object>(encoded)!;
        Assert.Equal(3L, map["id"]);
        Assert.Equal("k", map["kind"]);
        Assert.Equal(9L, map["hidden"]);

        var withExtra = Serializer.Deserialize<DerivedEntity>(Serializer.SerializeToArray(new Dictionary<string, object> { ["id"] = 4, ["extra"] = "e", ["hidden"] = 5, ["kind"] = "x" }));
        Assert.Equal((4, "e", 5, "x"), (withExtra.Id, withExtra.Extra, withExtra.Hidden, withExtra.Kind));
    }

    [Fact]
    public void AnonymousTypesAreWritten()
    {
        Assert.Equal("82a16101a162a178", Hex.Of(Serializer.SerializeToArray(new { a = 1, b = "x" })));
    }

    private static void RoundTrip<T>(T value, string hex)
    {
        var encoded = Serializer.SerializeToArray(value);
        Assert.Equal(hex, Hex.Of(encoded));
        DeepEqual.Values(value, Serializer.Deserialize<T>(encoded));
    }
}
