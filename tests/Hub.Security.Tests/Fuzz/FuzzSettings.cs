namespace HubFramework.Security.Tests.Fuzz;

/// <summary>
/// How long the fuzzers run. In the normal test suite: a fixed seed and 25,000 inputs per parser (seconds in
/// all). <c>tests/fuzz.sh</c> sets <c>HUB_FUZZ_SECONDS</c> (and leaves the seed random) for a long exploration;
/// <c>HUB_FUZZ_SEED</c> replays the seed a failure printed.
/// </summary>
internal static class FuzzSettings
{
    // A CsCheck seed: the suite's run is the same every time.
    private const string SuiteSeed = "0000000000001";

    public static int Seconds { get; } = int.TryParse(Environment.GetEnvironmentVariable("HUB_FUZZ_SECONDS"), out var seconds) ? seconds : -1;

    public static long Iterations { get; } = long.TryParse(Environment.GetEnvironmentVariable("HUB_FUZZ_ITERATIONS"), out var iterations) ? iterations : 25_000;

    public static string? Seed { get; } = Environment.GetEnvironmentVariable("HUB_FUZZ_SEED") is { Length: > 0 } seed
        ? seed
        : Seconds > 0 ? null : SuiteSeed;

    /// <summary>Iterations to pass to CsCheck (ignored when running for <see cref="Seconds"/>).</summary>
    public static long Iter => Seconds > 0 ? -1 : Iterations;
}
