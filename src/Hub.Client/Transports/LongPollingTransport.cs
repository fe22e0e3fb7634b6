using System.IO.Pipelines;
using System.Net;
using HubFramework.Protocol;
using Microsoft.Extensions.Logging;

namespace HubFramework.Client.Transports;

/// <summary>
/// Server-to-client bytes arrive as the bodies of repeated GET polls (an empty 200 means "nothing yet, poll
/// again", 204 means the server closed the connection); client-to-server bytes go out as POSTs; a DELETE ends
/// the connection.
/// </summary>
internal sealed class LongPollingTransport : IClientTransport
{
    private readonly TransportSettings _settings;
    private readonly ILogger _logger;
    private readonly CancellationTokenSource _aborted = new();
    private DuplexPipe? _application;
    private Task _running = Task.CompletedTask;
    private volatile Exception? _sendError;

    public LongPollingTransport(TransportSettings settings, ILogger logger)
    {
        _settings = settings;
        _logger = logger;
    }

    public IDuplexPipe Application => _application ?? throw new InvalidOperationException("The transport is not started.");

    public async Task StartAsync(Uri url, TransferFormat transferFormat, CancellationToken cancellationToken)
    {
        TransportLog.StartingLongPolling(_logger, SecretRedaction.Redact(url));
        (var transport, _application) = DuplexPipe.CreatePair(_settings.ReceivePipeOptions, _settings.SendPipeOptions);

        // The server answers the first poll at once; only a successful one proves the transport works.
        var firstPoll = await PollAsync(url, transport.Output, cancellationToken).ConfigureAwait(false);
        if (firstPoll == PollOutcome.Closed)
        {
            throw new HttpRequestException("The server closed the connection on the first poll.");
        }

        _running = RunAsync(url, transferFormat, transport);
    }

    public async Task StopAsync()
    {
        if (_application is null)
        {
            return;
        }

        await _application.Output.CompleteAsync().ConfigureAwait(false);
        await _running.ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        _aborted.Cancel();
        if (_application is not null)
        {
            await _application.Output.CompleteAsync().ConfigureAwait(false);
        }

        await _running.ConfigureAwait(false);
        _aborted.Dispose();
    }

    private async Task RunAsync(Uri url, TransferFormat transferFormat, DuplexPipe transport)
    {
        var receiving = ReceiveAsync(url, transport.Output);
        var sending = SendAsync(url, transferFormat, transport.Input);
        if (await Task.WhenAny(receiving, sending).ConfigureAwait(false) == receiving)
        {
            transport.Input.CancelPendingRead();
        }
        else if (_sendError is null)
        {
            // We are closing: DELETE makes the server end the outstanding poll with 204.
            await DeleteAsync(url).ConfigureAwait(false);
            if (await Task.WhenAny(receiving, Task.Delay(_settings.CloseTimeout)).ConfigureAwait(false) != receiving)
            {
                TransportLog.CloseTimedOut(_logger, _settings.CloseTimeout.TotalMilliseconds);
                _aborted.Cancel();
            }
        }

        await Task.WhenAll(receiving, sending).ConfigureAwait(false);
    }

    private async Task ReceiveAsync(Uri url, PipeWriter output)
    {
        Exception? error = null;
        try
        {
            while (await PollAsync(url, output, _aborted.Token).ConfigureAwait(false) == PollOutcome.Continue)
            {
            }
        }
        catch (Exception ex) when (!_aborted.IsCancellationRequested)
        {
            error = ex;
            TransportLog.PollFailed(_logger, ex);
        }
        catch (Exception)
        {
            error = _sendError;
        }
        finally
        {
            await output.CompleteAsync(error).ConfigureAwait(false);
        }
    }

    private async Task<PollOutcome> PollAsync(Uri url, PipeWriter output, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_settings.HttpRequestTimeout);
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        HttpResponseMessage response;
        try
        {
            response = await _settings.HttpClient.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            // The poll outlived the request timeout without an answer: poll again.
            TransportLog.PollTimedOut(_logger);
            return PollOutcome.Continue;
        }

        using (response)
        {
            if (response.StatusCode == HttpStatusCode.NoContent)
            {
                TransportLog.PollClosedByServer(_logger);
                return PollOutcome.Closed;
            }

            if (!response.IsSuccessStatusCode)
            {
                throw new HttpRequestException(
                    $"Polling failed: the server answered {(int)response.StatusCode} {response.ReasonPhrase}.", null, response.StatusCode);
            }

            await using var body = await response.Content.ReadAsStreamAsync(timeout.Token).ConfigureAwait(false);
            while (true)
            {
                var memory = output.GetMemory();
                var read = await body.ReadAsync(memory, timeout.Token).ConfigureAwait(false);
                if (read == 0)
                {
                    break;
                }

                output.Advance(read);
                var flush = await output.FlushAsync(cancellationToken).ConfigureAwait(false);
                if (flush.IsCompleted)
                {
                    return PollOutcome.Closed;
                }
            }

            return PollOutcome.Continue;
        }
    }

    private async Task SendAsync(Uri url, TransferFormat transferFormat, PipeReader input)
    {
        try
        {
            await HttpPostSender.RunAsync(
                _settings.HttpClient, url, transferFormat, input, _settings.HttpRequestTimeout, _logger, _aborted.Token).ConfigureAwait(false);
        }
        catch (Exception ex) when (!_aborted.IsCancellationRequested)
        {
            TransportLog.SendFailed(_logger, ex);
            _sendError = ex;
            _aborted.Cancel();
        }
        catch (Exception)
        {
        }
    }

    private async Task DeleteAsync(Uri url)
    {
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(_aborted.Token);
            timeout.CancelAfter(_settings.CloseTimeout);
            using var request = new HttpRequestMessage(HttpMethod.Delete, url);
            using var response = await _settings.HttpClient.SendAsync(request, timeout.Token).ConfigureAwait(false);
            TransportLog.DeleteSent(_logger, (int)response.StatusCode);
        }
        catch (Exception ex) when (ex is HttpRequestException or OperationCanceledException)
        {
            TransportLog.DeleteFailed(_logger, ex);
        }
    }

    private enum PollOutcome
    {
        Continue,
        Closed,
    }
}
