using System.Diagnostics;
using System.Net.WebSockets;

namespace HubFramework.LoadGenerator;

/// <summary>
/// A group of hub connections opened together, each with its own receive loop, closed together.
/// Every wait is bounded so that a server that stops answering cannot hang the run.
/// </summary>
internal sealed class ConnectionSet
{
    private static readonly TimeSpan ConnectTimeout = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan CloseTimeout = TimeSpan.FromSeconds(5);

    private readonly CancellationTokenSource _stopReceiving = new();
    private readonly List<Task> _receiveLoops = [];
    private int _dropped;
    private volatile bool _closing;
    private string? _firstFailure;

    private ConnectionSet(HubSocket[] sockets, TimeSpan connectTime)
    {
        Sockets = sockets;
        ConnectTime = connectTime;
    }

    public HubSocket[] Sockets { get; }

    public TimeSpan ConnectTime { get; }

    /// <summary>Receive loops that ended because the connection failed rather than because the run stopped.</summary>
    public int Dropped => Volatile.Read(ref _dropped);

    /// <summary>Why the first dropped connection ended, for the report.</summary>
    public string? FirstFailure => _firstFailure;

    public static async Task<ConnectionSet> OpenAsync(HubEndpoint endpoint, int count, int concurrency, int bufferBytes, bool smallReceiveBuffer, CancellationToken cancellationToken)
    {
        var sockets = new HubSocket[count];
        var started = Stopwatch.GetTimestamp();
        try
        {
            await Parallel.ForAsync(0, count, new ParallelOptions { MaxDegreeOfParallelism = concurrency, CancellationToken = cancellationToken }, async (i, ct) =>
            {
                using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
                timeout.CancelAfter(ConnectTimeout);
                sockets[i] = await HubSocket.ConnectAsync(endpoint, smallReceiveBuffer, bufferBytes, timeout.Token).ConfigureAwait(false);
            }).ConfigureAwait(false);
        }
        catch
        {
            foreach (var socket in sockets)
            {
                if (socket is not null)
                {
                    await socket.DisposeAsync().ConfigureAwait(false);
                }
            }

            throw;
        }

        return new ConnectionSet(sockets, Stopwatch.GetElapsedTime(started));
    }

    public void StartReceiving(int index, RecordSink sink) => _receiveLoops.Add(ReceiveAsync(Sockets[index], sink));

    /// <summary>Sends a hub ping on each of the given connections every interval, so idle readers are not timed out.</summary>
    public async Task KeepAliveAsync(IReadOnlyList<int> indexes, TimeSpan interval, Func<bool> running, CancellationToken cancellationToken)
    {
        while (running() && !cancellationToken.IsCancellationRequested)
        {
            foreach (var i in indexes)
            {
                try
                {
                    if (Sockets[i].State == WebSocketState.Open)
                    {
                        await Sockets[i].SendPingAsync(cancellationToken).ConfigureAwait(false);
                    }
                }
                catch (WebSocketException)
                {
                    // A dropped connection shows up in its receive loop; pings to the others go on.
                }
            }

            try
            {
                await Task.Delay(interval, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    /// <summary>Stops the receive loops and closes every connection, bounded in time.</summary>
    public async Task CloseAsync()
    {
        _closing = true;
        using var timeout = new CancellationTokenSource(CloseTimeout);
        await Parallel.ForEachAsync(Sockets, new ParallelOptions { MaxDegreeOfParallelism = 64 }, async (socket, _) =>
            await socket.CloseAsync(timeout.Token).ConfigureAwait(false)).ConfigureAwait(false);
        await _stopReceiving.CancelAsync().ConfigureAwait(false);
        await Task.WhenAny(Task.WhenAll(_receiveLoops), Task.Delay(CloseTimeout)).ConfigureAwait(false);
    }

    private async Task ReceiveAsync(HubSocket socket, RecordSink sink)
    {
        await Task.Yield();
        try
        {
            await socket.ReceiveAsync(sink, _stopReceiving.Token).ConfigureAwait(false);
            NoteEnded("closed by the server");
        }
        catch (Exception ex)
        {
            NoteEnded(ex.GetType().Name + ": " + ex.Message);
        }
    }

    private void NoteEnded(string reason)
    {
        if (_closing)
        {
            return;
        }

        Interlocked.Increment(ref _dropped);
        Interlocked.CompareExchange(ref _firstFailure, reason, null);
    }
}
