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
    /// Descriptors the process held when this was first read (at start-up): the runtime keeps every loaded assembly
    /// open (about 240 for a hub server once warm), so they must come off the limit first. 0 where it cannot be read.
    /// </summary>
    public static int InUseAtStart { get; } = CountOpen();

    /// <summary>
    /// Connections allowed for a descriptor limit: three fifths of what the process does not hold yet. Each holds a
    /// socket that Kestrel no longer counts once upgraded to a WebSocket, so this cap is what bounds those; the rest
    /// is shared by Kestrel's own sockets (<see cref="SocketCapFor"/>) and a tenth left for the runtime (assemblies
    /// loaded later), files, the NATS sockets and outgoing requests.
    /// </summary>
    public static int ConnectionCapFor(long descriptorLimit, int inUse = 0)
        => (int)Math.Clamp((descriptorLimit - inUse) * 3 / 5, 16, int.MaxValue);

    /// <summary>
    /// Sockets Kestrel may hold that are not upgraded (negotiates, polls, event streams, requests being refused, raw
    /// sockets): three tenths of what the process does not hold yet, so that they and the upgraded connections together
    /// stay below the limit.
    /// </summary>
    public static int SocketCapFor(long descriptorLimit, int inUse = 0)
        => (int)Math.Clamp((descriptorLimit - inUse) * 3 / 10, 32, int.MaxValue);

    private static int CountOpen()
    {
        try
        {
            return OperatingSystem.IsLinux() && Directory.Exists("/proc/self/fd") ? Directory.EnumerateFileSystemEntries("/proc/self/fd").Count() : 0;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return 0;
        }
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
