using System.Diagnostics;

namespace HubFramework.Client;

public sealed partial class HubConnection
{
    /// <summary>
    /// Automatic reconnect: asks the retry policy for a delay, waits, starts a new session; repeats until it
    /// succeeds, the policy gives up, or the connection is stopped. Handlers stay registered throughout.
    /// </summary>
    private async Task ReconnectLoopAsync(Exception? lostBecause, CancellationTokenSource cancellation)
    {
        Log.Reconnecting(_logger, lostBecause);
        await RaiseAsync(Reconnecting, lostBecause, nameof(Reconnecting)).ConfigureAwait(false);

        var token = cancellation.Token;
        var elapsed = Stopwatch.StartNew();
        var reason = lostBecause;
        long attempts = 0;
        Exception? closeError = lostBecause;
        try
        {
            while (true)
            {
                var delay = _retryPolicy!.NextRetryDelay(new RetryContext
                {
                    PreviousRetryCount = attempts,
                    ElapsedTime = elapsed.Elapsed,
                    RetryReason = reason,
                });
                if (delay is null)
                {
                    Log.GaveUpReconnecting(_logger, attempts, elapsed.Elapsed.TotalSeconds);
                    closeError = new HubConnectionClosedException(
                        $"Reconnecting gave up after {attempts} attempt(s) in {elapsed.Elapsed.TotalSeconds:0.#} s.", reason);
                    break;
                }

                await Task.Delay(delay.Value, token).ConfigureAwait(false);
                attempts++;
                ClientMetrics.ReconnectAttempted();
                Log.ReconnectAttempt(_logger, attempts, delay.Value.TotalMilliseconds);
                if (await TryReconnectOnceAsync(token).ConfigureAwait(false) is { } failure)
                {
                    reason = failure;
                    Log.ReconnectAttemptFailed(_logger, attempts, failure);
                    continue;
                }

                Log.Reconnected(_logger, attempts, ConnectionId);
                await RaiseAsync(Reconnected, ConnectionId, nameof(Reconnected)).ConfigureAwait(false);
                return;
            }
        }
        catch (OperationCanceledException) when (token.IsCancellationRequested)
        {
            // Stopped while reconnecting: a requested stop closes without error.
            closeError = null;
        }
        finally
        {
            SetCancellation(ref _reconnectCancellation, null);
            cancellation.Dispose();
        }

        await _stateLock.WaitAsync().ConfigureAwait(false);
        try
        {
            _state = HubConnectionState.Disconnected;
        }
        finally
        {
            _stateLock.Release();
        }

        Log.Closed(_logger, closeError);
        await RaiseAsync(Closed, closeError, nameof(Closed)).ConfigureAwait(false);
    }

    /// <summary>One attempt: null on success, otherwise why it failed.</summary>
    private async Task<Exception?> TryReconnectOnceAsync(CancellationToken token)
    {
        await _stateLock.WaitAsync(token).ConfigureAwait(false);
        try
        {
            token.ThrowIfCancellationRequested();
            _session = await StartSessionAsync(token).ConfigureAwait(false);
            _state = HubConnectionState.Connected;
            return null;
        }
        catch (Exception ex) when (!token.IsCancellationRequested)
        {
            return ex;
        }
        finally
        {
            _stateLock.Release();
        }
    }
}
