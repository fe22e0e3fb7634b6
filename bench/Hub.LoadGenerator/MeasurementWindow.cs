using System.Diagnostics;

namespace HubFramework.LoadGenerator;

/// <summary>Wall time, server CPU, generator CPU and server memory at the edges of the measured window.</summary>
internal sealed record MeasurementWindow(MeasurementWindow.Point Start, MeasurementWindow.Point End)
{
    public double Seconds => Stopwatch.GetElapsedTime(Start.Timestamp, End.Timestamp).TotalSeconds;

    public double? ServerCpuSeconds => End.ServerCpu - Start.ServerCpu is { } spent ? spent.TotalSeconds : null;

    public double GeneratorCpuSeconds => (End.GeneratorCpu - Start.GeneratorCpu).TotalSeconds;

    /// <summary>CPU the rest of the machine used in the window (builds, other processes); near zero in a clean run.</summary>
    public double? OtherCpuSeconds => End.MachineBusy - Start.MachineBusy is { } busy && ServerCpuSeconds is { } server
        ? Math.Max(0, busy.TotalSeconds - server - GeneratorCpuSeconds)
        : null;

    public static Point Sample(ServerProcess server) =>
        new(Stopwatch.GetTimestamp(), server.CpuTime(), Process.GetCurrentProcess().TotalProcessorTime, server.ResidentBytes(), MachineCpu.BusyTime());

    internal sealed record Point(long Timestamp, TimeSpan? ServerCpu, TimeSpan GeneratorCpu, long? ServerResidentBytes, TimeSpan? MachineBusy);
}
