using System.Text.Json;
using HubFramework.Protocol.MessagePack;
using MessagePack;

namespace HubFramework.Protocol.Tests.MessagePack;

/// <summary>Free-form JSON (<see cref="JsonElement"/>) travels over MessagePack as the value of the same shape.</summary>
public class JsonElementFormatterTests
{
    private static readonly MessagePackSerializerOptions Options = MessagePackHubProtocol.CreateDefaultSerializerOptions();

    [Fact]
    public void ObjectsArraysNumbersAndNullsRoundTripAsTheirMessagePackShape()
    {
        var json = """{"name":"ann","color":"#e33","n":-5,"big":18446744073709551615,"f":1.5,"ok":true,"no":false,"none":null,"tags":["a",{"x":[1,2]}]}""";
        var element = JsonDocument.Parse(json).RootElement;

        var bytes = MessagePackSerializer.Serialize(element, Options);

        // Written as a plain map, so any MessagePack reader (the JavaScript client's) sees an object.
        var generic = MessagePackSerializer.Deserialize<Dictionary<object, object?>>(bytes, Options);
        Assert.Equal("ann", generic["name"]);
        Assert.Equal(9, generic.Count);
        var back = MessagePackSerializer.Deserialize<JsonElement>(bytes, Options);
        Assert.Equal(json, JsonSerializer.Serialize(back));
    }

    [Fact]
    public void AJavaScriptStyleMapBindsToAJsonElementParameterOfAnInvocation()
    {
        var state = new Dictionary<string, object?> { ["name"] = "bob", ["color"] = "#33e", ["size"] = 3 };
        var writer = new System.Buffers.ArrayBufferWriter<byte>();
        var protocol = new MessagePackHubProtocol();
        // What the JavaScript client sends for JoinRoom("lobby", { name, color, size }).
        protocol.WriteMessage(new InvocationMessage("1", "JoinRoom", ["lobby", state]), writer);
        var buffer = new System.Buffers.ReadOnlySequence<byte>(writer.WrittenMemory);

        Assert.True(protocol.TryParseMessage(ref buffer, new TestBinder().Method("JoinRoom", typeof(string), typeof(JsonElement)), null, out var message));

        var argument = Assert.IsType<JsonElement>(Assert.IsType<InvocationMessage>(message).Arguments[1]);
        Assert.Equal("""{"name":"bob","color":"#33e","size":3}""", argument.GetRawText().Replace(" ", string.Empty));
    }

    [Fact]
    public void BinaryAndTimestampsBecomeStringsAndNullableWrapsWork()
    {
        var bytes = MessagePackSerializer.Serialize(new object?[] { new byte[] { 1, 2, 3 }, new DateTime(2026, 1, 2, 3, 4, 5, DateTimeKind.Utc), null }, Options);

        var element = MessagePackSerializer.Deserialize<JsonElement>(bytes, Options);
        Assert.Equal("AQID", element[0].GetString());
        Assert.StartsWith("2026-01-02T03:04:05", element[1].GetString(), StringComparison.Ordinal);
        Assert.Equal(JsonValueKind.Null, element[2].ValueKind);
        Assert.Null(MessagePackSerializer.Deserialize<JsonElement?>(MessagePackSerializer.Serialize<JsonElement?>(null, Options), Options));
    }

    [Fact]
    public void NestingPastTheSecurityDepthIsRefusedWithAClearError()
    {
        var writer = new System.Buffers.ArrayBufferWriter<byte>();
        var packer = new MessagePackWriter(writer);
        for (var i = 0; i < 600; i++)
        {
            packer.WriteArrayHeader(1);
        }

        packer.WriteNil();
        packer.Flush();

        var error = Assert.Throws<MessagePackSerializationException>(() => MessagePackSerializer.Deserialize<JsonElement>(writer.WrittenMemory, Options));
        Assert.Contains("depth", error.ToString(), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void NaNHasNoJsonFormAndIsRefused()
    {
        var bytes = MessagePackSerializer.Serialize(double.NaN, Options);
        var error = Assert.Throws<MessagePackSerializationException>(() => MessagePackSerializer.Deserialize<JsonElement>(bytes, Options));
        Assert.Contains("no JSON form", error.ToString(), StringComparison.Ordinal);
    }
}
