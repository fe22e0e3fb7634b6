using System.Diagnostics;
using CsCheck;

namespace HubFramework.Security.Tests.Fuzz;

/// <summary>
/// Runs a parser over fuzz inputs and fails on anything but its documented errors, on an input that takes too
/// long (a hang), and on an input that makes it allocate far more than its size warrants. Each failure is shrunk
/// by CsCheck and reported with its seed and bytes (to become a regression vector under <c>Fuzz/Regressions</c>).
/// </summary>
internal static class ParserHarness
{
    // Generous for a loaded 2-core machine: a real hang or quadratic blow-up is far beyond it.
    private static readonly TimeSpan SlowestInput = TimeSpan.FromSeconds(2);

    /// <summary>Allocation allowed for one input: a fixed allowance plus a multiple of its length.</summary>
    public static long AllocationBound(int inputLength) => 512 * 1024 + 256L * inputLength;

    public static void Run(string target, Gen<FuzzCase> inputs, Action<FuzzCase> parse, params Type[] documentedErrors)
    {
        foreach (var regression in RegressionVectors.For(target))
        {
            Check(regression, parse, documentedErrors);
        }

        inputs.Sample(
            input => Check(input, parse, documentedErrors),
            seed: FuzzSettings.Seed,
            iter: FuzzSettings.Iter,
            time: FuzzSettings.Seconds,
            threads: 1,
            print: input => input.ToString());
    }

    public static void Check(FuzzCase input, Action<FuzzCase> parse, Type[] documentedErrors)
    {
        var allocatedBefore = GC.GetAllocatedBytesForCurrentThread();
        var clock = Stopwatch.StartNew();
        try
        {
            parse(input);
        }
        catch (Exception ex) when (documentedErrors.Any(t => t.IsInstanceOfType(ex)))
        {
            // The documented way of saying "bad input".
        }

        clock.Stop();
        var allocated = GC.GetAllocatedBytesForCurrentThread() - allocatedBefore;
        if (clock.Elapsed > SlowestInput)
        {
            throw new TimeoutException($"Parsing took {clock.Elapsed.TotalMilliseconds:0} ms.");
        }

        if (allocated > AllocationBound(input.Bytes.Length))
        {
            throw new InsufficientMemoryException($"Parsing {input.Bytes.Length} bytes allocated {allocated} bytes.");
        }
    }
}
