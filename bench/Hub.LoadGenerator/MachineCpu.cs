using System.Globalization;

namespace HubFramework.LoadGenerator;

/// <summary>
/// Busy CPU time of the whole machine from /proc/stat. Subtracting the server's and the generator's own time shows
/// how much else ran during a window: a run that shared the cores with a build is not a clean figure.
/// </summary>
internal static class MachineCpu
{
    public static TimeSpan? BusyTime()
    {
        try
        {
            using var reader = new StreamReader("/proc/stat");
            var line = reader.ReadLine();
            if (line is null || !line.StartsWith("cpu ", StringComparison.Ordinal))
            {
                return null;
            }

            var fields = line[4..].Split(' ', StringSplitOptions.RemoveEmptyEntries);
            long busy = 0;
            for (var i = 0; i < Math.Min(fields.Length, 8); i++)
            {
                // Fields 3 and 4 are idle and iowait; guest time is already counted inside user.
                if (i is not (3 or 4))
                {
                    busy += long.Parse(fields[i], CultureInfo.InvariantCulture);
                }
            }

            return TimeSpan.FromSeconds((double)busy / ServerProcess.ClockTicksPerSecond);
        }
        catch (IOException)
        {
            return null;
        }
    }
}
