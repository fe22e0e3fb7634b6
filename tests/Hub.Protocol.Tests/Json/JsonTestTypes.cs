namespace HubFramework.Protocol.Tests.Json;

public sealed record Person(string Name, int Age);

/// <summary>A ten-property object, as in the benchmarks.</summary>
public sealed record WideObject(
    int Id,
    string Name,
    string Email,
    bool Active,
    double Score,
    long Ticks,
    string City,
    string Country,
    int Level,
    string Notes);

public enum Color
{
    Red,
    Green,
}
