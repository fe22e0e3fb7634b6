namespace HubFramework.Server.Transports;

/// <summary>
/// Bounds each send to the client with one reusable cancellation source, so that a client that stops reading cannot
/// hold a transport forever and timing a send allocates nothing in the common case.
/// </summary>
internal sealed class SendTimer : IDisposable
{
    private readonly TimeSpan _timeout;
    private CancellationTokenSource? _source;

    public SendTimer(TimeSpan timeout) => _timeout = timeout;

    public TimeSpan Timeout => _timeout;

    /// <summary>Whether the last started send ran out of time.</summary>
    public bool Expired => _source?.IsCancellationRequested == true;

    /// <summary>Starts timing a send and returns the token that cancels it at the deadline.</summary>
    public CancellationToken Start()
    {
        if (_timeout == System.Threading.Timeout.InfiniteTimeSpan)
        {
            return CancellationToken.None;
        }

        _source ??= new CancellationTokenSource();
        _source.CancelAfter(_timeout);
        return _source.Token;
    }

    /// <summary>Stops timing the current send.</summary>
    public void Stop()
    {
        if (_source is not null && !_source.TryReset())
        {
            _source.Dispose();
            _source = null;
        }
    }

    public void Dispose() => _source?.Dispose();
}
