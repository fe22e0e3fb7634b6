using System.Globalization;
using System.Runtime.InteropServices;

namespace HubFramework.LoadGenerator;

/// <summary>
/// Reads the server's resident memory and CPU time from /proc. RSS is what the operating system charges the
/// process (GC heap, native buffers, code); without a diagnostics client it is the fairest figure both servers share.
/// </summary>
internal sealed partial class ServerProcess
{
    private const int ClockTicksName = 2; // _SC_CLK_TCK
    public static readonly long ClockTicksPerSecond = ReadClockTicks();

    private readonly int? _pid;

    public ServerProcess(int? pid) => _pid = pid;

    public bool IsKnown => _pid is not null;

    /// <summary>VmRSS in bytes, or null when no pid was given or the process is gone.</summary>
    public long? ResidentBytes() => StatusKilobytes("VmRSS:") * 1024;

    /// <summary>VmHWM (peak resident) in bytes.</summary>
    public long? PeakResidentBytes() => StatusKilobytes("VmHWM:") * 1024;

    /// <summary>User plus system CPU time consumed so far, all threads.</summary>
    public TimeSpan? CpuTime()
    {
        if (_pid is null)
        {
            return null;
        }

        try
        {
            var stat = File.ReadAllText($"/proc/{_pid}/stat");
            // The command name is parenthesised and may hold spaces, so fields are counted after the last ')'.
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            var ticks = long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
            return TimeSpan.FromSeconds((double)ticks / ClockTicksPerSecond);
        }
        catch (IOException)
        {
            return null;
        }
    }

    private long? StatusKilobytes(string field)
    {
        if (_pid is null)
        {
            return null;
        }

        try
        {
            foreach (var line in File.ReadLines($"/proc/{_pid}/status"))
            {
                if (line.StartsWith(field, StringComparison.Ordinal))
                {
                    var number = line[field.Length..].Trim().Split(' ')[0];
                    return long.Parse(number, CultureInfo.InvariantCulture);
                }
            }
        }
        catch (IOException)
        {
        }

        return null;
    }

    private static long ReadClockTicks()
    {
        try
        {
            var ticks = SysConf(ClockTicksName);
            return ticks > 0 ? ticks : 100;
        }
        catch (DllNotFoundException)
        {
            return 100;
        }
        catch (EntryPointNotFoundException)
        {
            return 100;
        }
    }

    [DllImport("libc", EntryPoint = "sysconf")]
    private static extern long SysConf(int name);
}
