using System.Text.Json.Serialization;

namespace HubFramework.Protocol.Tests.MessagePack;

public sealed record EchoPayload(string Name, int Value, string[] Tags);

public enum Color : byte
{
    Red = 1,
    Green = 2,
}

public enum Big : ulong
{
    Huge = ulong.MaxValue,
}

public sealed class Widget
{
    public int Id { get; set; }

    public string? Label { get; set; }

    public Widget? Child { get; set; }

    public List<int> Numbers { get; set; } = [];

    public Dictionary<string, double>? Scores { get; set; }

    public Color Color { get; set; }

    public DateTime? When { get; set; }

    public Guid Key { get; set; }
}

public record WithDefaults(int A, string B = "dflt")
{
    public int C { get; set; }
}

public sealed class WithRequired
{
    public required string Name { get; set; }

    public int Other { get; set; }
}

public struct Point
{
    public int X { get; set; }

    public int Y { get; set; }
}

public sealed class Node
{
    public Node? Next { get; set; }
}

[JsonPolymorphic]
[JsonDerivedType(typeof(Circle), "circle")]
public abstract class Shape
{
}

public sealed class Circle : Shape
{
    public double Radius { get; set; }
}

public sealed class WithIgnore
{
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Maybe { get; set; }

    public int Always { get; set; }

    [JsonIgnore]
    public int Never { get; set; }

    [JsonPropertyName("renamed")]
    public int Original { get; set; }
}

/// <summary>The 10-property object of the benchmarks and the allocation tests.</summary>
public sealed class TenProperties
{
    public int Id { get; set; }

    public string? Name { get; set; }

    public double Price { get; set; }

    public bool Active { get; set; }

    public long Count { get; set; }

    public string? Category { get; set; }

    public int Quantity { get; set; }

    public double Rating { get; set; }

    public bool Featured { get; set; }

    public string? Code { get; set; }
}

[JsonSerializable(typeof(EchoPayload))]
[JsonSerializable(typeof(Widget))]
[JsonSerializable(typeof(WithDefaults))]
internal sealed partial class MessagePackTestJsonContext : JsonSerializerContext
{
}

public class BaseEntity
{
    public int Id { get; set; }

    public virtual string Kind { get; set; } = "base";
}

public sealed class DerivedEntity : BaseEntity
{
    public string? Extra { get; init; }

    [System.Text.Json.Serialization.JsonInclude]
    public int Hidden { get; private set; }

    public override string Kind { get; set; } = "derived";

    public static DerivedEntity WithHidden(int hidden) => new() { Hidden = hidden };
}
