namespace HubFramework.Benchmarks;

/// <summary>The ten-property argument of the object benchmarks (both protocols).</summary>
public sealed class BenchmarkPayload
{
    public int Id { get; set; }
    public string Name { get; set; } = "";
    public string Email { get; set; } = "";
    public bool Active { get; set; }
    public double Score { get; set; }
    public long Ticks { get; set; }
    public string City { get; set; } = "";
    public string Country { get; set; } = "";
    public int Level { get; set; }
    public DateTime UpdatedAt { get; set; }

    public static BenchmarkPayload Create() => new()
    {
        Id = 4242,
        Name = "Ada Lovelace",
        Email = "ada@example.com",
        Active = true,
        Score = 98.25,
        Ticks = 638_000_000_000_000_000,
        City = "London",
        Country = "United Kingdom",
        Level = 7,
        UpdatedAt = new DateTime(2025, 1, 2, 3, 4, 5, DateTimeKind.Utc),
    };
}
