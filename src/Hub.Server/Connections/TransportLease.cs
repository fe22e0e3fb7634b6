using HubFramework.Protocol;

namespace HubFramework.Server.Connections;

/// <summary>
/// The right of one transport request to carry a connection. A newer request (a poll superseding the previous one,
/// a stateful WebSocket reconnect) or the end of the connection stops it; the next holder waits for its release.
/// </summary>
internal sealed class TransportLease
{
    private readonly CancellationTokenSource _stop = new();
    private readonly TaskCompletionSource _released = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public TransportLease(HttpTransportType transport) => Transport = transport;

    public HttpTransportType Transport { get; }

    /// <summary>Fires when the holder must let go.</summary>
    public CancellationToken Stopping => _stop.Token;

    /// <summary>Completes once the holder has let go.</summary>
    public Task Released => _released.Task;

    public bool IsReleased => _released.Task.IsCompleted;

    public void RequestStop()
    {
        try
        {
            _stop.Cancel();
        }
        catch (AggregateException)
        {
            // A registered callback failed; the stop request itself stands.
        }
    }

    public void MarkReleased() => _released.TrySetResult();
}
