using System.IO.Pipelines;
using System.Net.Http.Headers;
using HubFramework.Protocol;
using Microsoft.Extensions.Logging;

namespace HubFramework.Client.Transports;

/// <summary>
/// Server-to-client bytes arrive as Server-Sent Events on one long GET; client-to-server bytes go out as POSTs.
/// Text only: SSE cannot carry arbitrary binary data.
/// </summary>
internal sealed class ServerSentEventsTransport : IClientTransport
{
    private readonly TransportSettings _settings;
    private readonly ILogger _logger;
    private readonly CancellationTokenSource _aborted = new();
    private DuplexPipe? _application;
    private Task _running = Task.CompletedTask;
    private volatile Exception? _sendError;

    public ServerSentEventsTransport(TransportSettings settings, ILogger logger)
    {
        _settings = settings;
        _logger = logger;
    }

    public IDuplexPipe Application => _application ?? throw new InvalidOperationException("The transport is not started.");

    public async Task StartAsync(Uri url, TransferFormat transferFormat, CancellationToken cancellationToken)
    {
        if (transferFormat != TransferFormat.Text)
        {
            throw new ArgumentException("Server-Sent Events can only carry the Text transfer format.", nameof(transferFormat));
        }

        TransportLog.StartingServerSentEvents(_logger, SecretRedaction.Redact(url));
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/event-stream"));
        var response = await _settings.HttpClient
            .SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken)
            .ConfigureAwait(false);
        Stream body;
        try
        {
            if (!response.IsSuccessStatusCode)
            {
                throw new HttpRequestException(
                    $"The event stream was refused: the server answered {(int)response.StatusCode} {response.ReasonPhrase}.",
                    null,
                    response.StatusCode);
            }

            if (response.Content.Headers.ContentType?.MediaType is not "text/event-stream")
            {
                throw new HttpRequestException(
                    $"The server answered the event stream request with '{response.Content.Headers.ContentType}' instead of 'text/event-stream'.");
            }

            body = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            response.Dispose();
            throw;
        }

        (var transport, _application) = DuplexPipe.CreatePair(_settings.ReceivePipeOptions, _settings.SendPipeOptions);
        _running = RunAsync(url, response, body, transport);
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

    private async Task RunAsync(Uri url, HttpResponseMessage response, Stream body, DuplexPipe transport)
    {
        using (response)
        {
            var receiving = ReceiveAsync(body, transport.Output);
            var sending = SendAsync(url, transport.Input);
            var first = await Task.WhenAny(receiving, sending).ConfigureAwait(false);
            if (first == receiving)
            {
                transport.Input.CancelPendingRead();
            }
            else
            {
                // Closing the event stream is how an SSE client says goodbye; the server then ends the connection.
                _aborted.Cancel();
            }

            await Task.WhenAll(receiving, sending).ConfigureAwait(false);
        }
    }

    private async Task ReceiveAsync(Stream body, PipeWriter output)
    {
        Exception? error = null;
        var reader = PipeReader.Create(body, new StreamPipeReaderOptions(leaveOpen: false));
        var parser = new ServerSentEventsParser(_settings.MaximumEventLineSize);
        try
        {
            while (true)
            {
                var result = await reader.ReadAsync(_aborted.Token).ConfigureAwait(false);
                var buffer = result.Buffer;
                try
                {
                    parser.Parse(ref buffer, output);
                    if (output.UnflushedBytes > 0)
                    {
                        var flush = await output.FlushAsync(_aborted.Token).ConfigureAwait(false);
                        if (flush.IsCompleted)
                        {
                            return;
                        }
                    }

                    if (result.IsCompleted)
                    {
                        TransportLog.EventStreamEnded(_logger);
                        return;
                    }
                }
                finally
                {
                    reader.AdvanceTo(buffer.Start, buffer.End);
                }
            }
        }
        catch (Exception ex) when (!_aborted.IsCancellationRequested)
        {
            error = ex;
            TransportLog.EventStreamFailed(_logger, ex);
        }
        catch (Exception)
        {
            // We closed the stream ourselves: because the connection stopped (no error) or a send failed.
            error = _sendError;
        }
        finally
        {
            await reader.CompleteAsync().ConfigureAwait(false);
            await output.CompleteAsync(error).ConfigureAwait(false);
        }
    }

    private async Task SendAsync(Uri url, PipeReader input)
    {
        try
        {
            await HttpPostSender.RunAsync(
                _settings.HttpClient, url, TransferFormat.Text, input, _settings.HttpRequestTimeout, _logger, _aborted.Token).ConfigureAwait(false);
        }
        catch (Exception ex) when (!_aborted.IsCancellationRequested)
        {
            // A failed send ends the connection: stop receiving too, and report the send's error to the reader.
            TransportLog.SendFailed(_logger, ex);
            _sendError = ex;
            _aborted.Cancel();
        }
        catch (Exception)
        {
        }
    }
}
