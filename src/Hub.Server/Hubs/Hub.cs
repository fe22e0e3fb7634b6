namespace HubFramework.Server.Hubs;

/// <summary>
/// Base class of a hub. A new instance serves each invocation (resolved from DI), so keep no per-connection
/// state in fields: use <see cref="HubCallerContext.Items"/>.
/// </summary>
public abstract class Hub : IDisposable
{
    private bool _disposed;

    /// <summary>Clients, relative to the caller.</summary>
    public IHubCallerClients Clients { get; set; } = default!;

    /// <summary>The calling connection.</summary>
    public HubCallerContext Context { get; set; } = default!;

    /// <summary>Group membership.</summary>
    public IGroupManager Groups { get; set; } = default!;

    /// <summary>Rooms (with presence) of the caller's namespace.</summary>
    public IRoomManager Rooms { get; set; } = default!;

    /// <summary>Called when a connection has completed its handshake.</summary>
    public virtual Task OnConnectedAsync() => Task.CompletedTask;

    /// <summary>Called when a connection ends; <paramref name="exception"/> is set when it ended with an error.</summary>
    public virtual Task OnDisconnectedAsync(Exception? exception) => Task.CompletedTask;

    /// <summary>Releases resources.</summary>
    protected virtual void Dispose(bool disposing)
    {
    }

    /// <inheritdoc />
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        Dispose(true);
        GC.SuppressFinalize(this);
    }
}
