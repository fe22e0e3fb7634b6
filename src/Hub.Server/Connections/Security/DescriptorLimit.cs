using System.Runtime.InteropServices;

namespace HubFramework.Server.Connections.Security;

/// <summary>
/// The process's open-file limit (<c>getrlimit(RLIMIT_NOFILE)</c>) and the connection cap derived from it. Every
/// connection holds at least one socket; at the limit, accepting fails and the runtime has been seen to abort the
/// whole process ("Out of memory."), dropping every connection at once. Keeping a cap below the limit turns that
/// into a clean 503 for the newcomer.
/// </summary>
internal static class DescriptorLimit
{
    private const int LinuxNoFile = 7;
    private const int MacNoFile = 8;

    /// <summary>The soft open-file limit, or null where there is none to read (Windows) or it is unlimited.</summary>
    public static long? Read()
    {
        int resource;
        if (OperatingSystem.IsLinux())
        {
            resource = LinuxNoFile;
        }
        else if (OperatingSystem.IsMacOS() || OperatingSystem.IsFreeBSD())
        {
            resource = MacNoFile;
        }
        else
        {
            return null;
        }

        try
        {
            if (GetResourceLimit(resource, out var limit) != 0 || limit.Current == ulong.MaxValue || limit.Current > int.MaxValue)
            {
                return null;
            }

            return (long)limit.Current;
        }
        catch (Exception ex) when (ex is DllNotFoundException or EntryPointNotFoundException)
        {
            return null;
        }
    }

    /// <summary>
    /// Connections allowed for a descriptor limit: a fifth of it (at least 256) stays free for files, the NATS
    /// sockets, outgoing requests, a second socket of long-polling clients and the answer that refuses a newcomer.
    /// </summary>
    public static int ConnectionCapFor(long descriptorLimit)
    {
        var reserve = Math.Max(256, descriptorLimit / 5);
        return (int)Math.Clamp(descriptorLimit - reserve, 16, int.MaxValue);
    }

    /// <summary>Sockets Kestrel may hold for a descriptor limit (above the connection cap: it must be able to answer 503).</summary>
    public static int SocketCapFor(long descriptorLimit)
    {
        var reserve = Math.Max(64, descriptorLimit / 20);
        return (int)Math.Clamp(descriptorLimit - reserve, 32, int.MaxValue);
    }

    [StructLayout(LayoutKind.Sequential)]
    private struct ResourceLimit
    {
        public ulong Current;
        public ulong Maximum;
    }

    [DllImport("libc", EntryPoint = "getrlimit", SetLastError = true)]
    private static extern int GetResourceLimit(int resource, out ResourceLimit limit);
}
