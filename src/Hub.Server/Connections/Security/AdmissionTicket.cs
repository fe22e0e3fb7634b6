using System.Net;

namespace HubFramework.Server.Connections.Security;

/// <summary>The room one connection holds in <see cref="ConnectionAdmission"/>'s counts, until it ends.</summary>
internal sealed class AdmissionTicket
{
    private readonly ConnectionAdmission _admission;
    private readonly string? _user;
    private readonly IPAddress? _address;
    private int _started;
    private int _released;

    public AdmissionTicket(ConnectionAdmission admission, string? user, IPAddress? address, bool started)
    {
        _admission = admission;
        _user = user;
        _address = address;
        _started = started ? 1 : 0;
    }

    /// <summary>The connection's first transport request arrived: it no longer counts as unstarted.</summary>
    public void MarkStarted()
    {
        if (Volatile.Read(ref _released) == 0 && Interlocked.Exchange(ref _started, 1) == 0)
        {
            _admission.Started();
        }
    }

    /// <summary>The connection ended (idempotent).</summary>
    public void Release()
    {
        if (Interlocked.Exchange(ref _released, 1) != 0)
        {
            return;
        }

        // Exchange: a concurrent MarkStarted either counted it as started already or never will.
        var unstarted = Interlocked.Exchange(ref _started, 1) == 0;
        _admission.Release(_user, _address, unstarted);
    }
}
