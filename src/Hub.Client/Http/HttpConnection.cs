using System.IO.Pipelines;
using System.Net;
using HubFramework.Client.Internal;
using HubFramework.Client.Transports;
using HubFramework.Protocol;
using Microsoft.Extensions.Logging;

namespace HubFramework.Client.Http;

/// <summary>
/// The connection layer: negotiates (following redirects), picks a transport with fallback
/// WebSockets → Server-Sent Events → long polling, and exposes the chosen transport's pipes. With stateful
/// reconnect it can re-establish a dropped WebSocket under the same connection.
/// </summary>
internal sealed partial class HttpConnection : ITransportConnection
{
    private static readonly HttpTransportType[] PreferenceOrder =
        [HttpTransportType.WebSockets, HttpTransportType.ServerSentEvents, HttpTransportType.LongPolling];

    private readonly HttpConnectionOptions _options;
    private readonly ILoggerFactory _loggerFactory;
    private readonly ILogger _logger;
    private readonly SocketsHttpHandler _defaultHandler;
    private readonly ConnectionRequestHandler _requestHandler;
    private readonly HttpClient _httpClient;
    private readonly HttpMessageInvoker _webSocketInvoker;
    private TransportSettings? _settings;
    private IClientTransport? _transport;
    private Uri? _transportUrl;
    private TransferFormat _transferFormat;
    private int _disposed;

    public HttpConnection(HttpConnectionOptions options, ILoggerFactory loggerFactory)
    {
        ArgumentNullException.ThrowIfNull(options.Url, nameof(options.Url));
        _options = options;
        _loggerFactory = loggerFactory;
        _logger = loggerFactory.CreateLogger<HttpConnection>();
        _defaultHandler = new SocketsHttpHandler { CookieContainer = options.Cookies, UseCookies = true };
        var handler = options.HttpMessageHandlerFactory?.Invoke(_defaultHandler) ?? _defaultHandler;
        _requestHandler = new ConnectionRequestHandler(options.Headers, handler);
        _httpClient = new HttpClient(_requestHandler, disposeHandler: false) { Timeout = Timeout.InfiniteTimeSpan };
        _webSocketInvoker = new HttpMessageInvoker(_requestHandler, disposeHandler: false);
    }

    /// <summary>The connection id from negotiation; null when negotiation was skipped.</summary>
    public string? ConnectionId { get; private set; }

    /// <summary>The transport in use.</summary>
    public HttpTransportType TransportType { get; private set; }

    /// <summary>Whether the server agreed to stateful reconnect and the transport supports it.</summary>
    public bool IsStatefulReconnectEnabled { get; private set; }

    /// <summary>Transports considered before the one in use, with the reason each was not used.</summary>
    public IReadOnlyList<TransportSkip> SkippedTransports { get; private set; } = [];

    /// <inheritdoc />
    public IReadOnlyList<string> Extensions { get; private set; } = [];

    /// <summary>The current transport's pipes (they change after <see cref="ResumeAsync"/>).</summary>
    public IDuplexPipe Transport => _transport?.Application ?? throw new InvalidOperationException("The connection is not started.");

    /// <summary>Negotiates and connects a transport that can carry <paramref name="transferFormat"/>.</summary>
    /// <param name="transferFormat">What the hub protocol needs.</param>
    /// <param name="receiveBufferSize">Bytes the receive pipe must be able to hold (the largest message accepted); 0 for no limit.</param>
    /// <param name="cancellationToken">Cancels the attempt.</param>
    /// <exception cref="TransportFallbackException">No transport could be used.</exception>
    public async Task StartAsync(TransferFormat transferFormat, long receiveBufferSize, CancellationToken cancellationToken)
    {
        _transferFormat = transferFormat;
        _settings = CreateTransportSettings(receiveBufferSize);
        if (_options.AccessTokenProvider is { } provider)
        {
            _requestHandler.AccessToken = await provider().ConfigureAwait(false);
            _requestHandler.AccessTokenProvider = provider;
        }

        if (_options.SkipNegotiation)
        {
            if (_options.Transports != HttpTransportType.WebSockets)
            {
                throw new InvalidOperationException("Negotiation can only be skipped when using the WebSocket transport directly.");
            }

            await StartTransportAsync(HttpTransportType.WebSockets, _options.Url!, cancellationToken).ConfigureAwait(false);
            return;
        }

        await NegotiateAndStartAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Stateful reconnect: connects a new WebSocket to the same connection (same connection token) and returns its
    /// pipes. Retries within <see cref="HttpConnectionOptions.StatefulReconnectTimeout"/>; gives up at once when the
    /// server no longer knows the connection.
    /// </summary>
    public async Task<IDuplexPipe> ResumeAsync(CancellationToken cancellationToken)
    {
        if (!IsStatefulReconnectEnabled || _transportUrl is null)
        {
            throw new InvalidOperationException("Stateful reconnect is not enabled on this connection.");
        }

        if (_transport is { } previous)
        {
            _transport = null;
            await previous.DisposeAsync().ConfigureAwait(false);
        }

        using var window = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        window.CancelAfter(_options.StatefulReconnectTimeout);
        var delay = TimeSpan.FromMilliseconds(50);
        for (var attempt = 1; ; attempt++)
        {
            var transport = new WebSocketsTransport(_settings!, _loggerFactory.CreateLogger<WebSocketsTransport>());
            try
            {
                await transport.StartAsync(_transportUrl, _transferFormat, window.Token).ConfigureAwait(false);
                _transport = transport;
                HttpConnectionLog.TransportResumed(_logger, attempt);
                return transport.Application;
            }
            catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
            {
                await transport.DisposeAsync().ConfigureAwait(false);
                HttpConnectionLog.ResumeAttemptFailed(_logger, attempt, ex);
                if (transport.FailedUpgradeStatus is HttpStatusCode.NotFound or HttpStatusCode.BadRequest or HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden
                    || window.IsCancellationRequested)
                {
                    throw new InvalidOperationException($"The connection could not be resumed after {attempt} attempt(s): {ex.Message}", ex);
                }
            }

            try
            {
                await Task.Delay(delay, window.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                throw new TimeoutException($"The connection could not be resumed within {_options.StatefulReconnectTimeout.TotalSeconds:0.###} s.");
            }

            delay = TimeSpan.FromMilliseconds(Math.Min(delay.TotalMilliseconds * 2, 1000));
        }
    }

    /// <summary>Closes the transport gracefully (bounded by the close timeout) and releases the HTTP stack.</summary>
    public ValueTask DisposeAsync() => CloseAsync(graceful: true);

    /// <summary>Drops the transport at once (the connection failed: nobody is left to say goodbye to) and releases the HTTP stack.</summary>
    public ValueTask AbortAsync() => CloseAsync(graceful: false);

    private async ValueTask CloseAsync(bool graceful)
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        if (_transport is { } transport)
        {
            try
            {
                if (graceful)
                {
                    await transport.StopAsync().ConfigureAwait(false);
                }
            }
            finally
            {
                await transport.DisposeAsync().ConfigureAwait(false);
            }
        }

        _webSocketInvoker.Dispose();
        _httpClient.Dispose();
        _requestHandler.Dispose();
        _defaultHandler.Dispose();
    }

    private async Task StartTransportAsync(HttpTransportType type, Uri transportUrl, CancellationToken cancellationToken)
    {
        IClientTransport transport = type switch
        {
            HttpTransportType.WebSockets => new WebSocketsTransport(_settings!, _loggerFactory.CreateLogger<WebSocketsTransport>()),
            HttpTransportType.ServerSentEvents => new ServerSentEventsTransport(_settings!, _loggerFactory.CreateLogger<ServerSentEventsTransport>()),
            HttpTransportType.LongPolling => new LongPollingTransport(_settings!, _loggerFactory.CreateLogger<LongPollingTransport>()),
            _ => throw new ArgumentOutOfRangeException(nameof(type)),
        };

        using var connectTimeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        connectTimeout.CancelAfter(_options.TransportConnectTimeout);
        try
        {
            await transport.StartAsync(transportUrl, _transferFormat, connectTimeout.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException ex) when (!cancellationToken.IsCancellationRequested)
        {
            await transport.DisposeAsync().ConfigureAwait(false);
            throw new TimeoutException($"The transport did not connect within {_options.TransportConnectTimeout.TotalSeconds:0.###} s.", ex);
        }
        catch
        {
            await transport.DisposeAsync().ConfigureAwait(false);
            throw;
        }

        _transport = transport;
        _transportUrl = transportUrl;
        TransportType = type;
    }

    private TransportSettings CreateTransportSettings(long receiveBufferSize)
    {
        var receiveLimit = receiveBufferSize <= 0 ? 0 : Math.Max(_options.TransportMaxBufferSize, receiveBufferSize);
        return new TransportSettings
        {
            HttpClient = _httpClient,
            WebSocketInvoker = _webSocketInvoker,
            WebSocketConfiguration = _options.WebSocketConfiguration,
            ReceivePipeOptions = new PipeOptions(
                pauseWriterThreshold: receiveLimit, resumeWriterThreshold: receiveLimit / 2, useSynchronizationContext: false),
            SendPipeOptions = new PipeOptions(
                pauseWriterThreshold: _options.TransportMaxBufferSize, resumeWriterThreshold: _options.TransportMaxBufferSize / 2, useSynchronizationContext: false),
            HttpRequestTimeout = _options.HttpRequestTimeout,
            CloseTimeout = _options.CloseTimeout,
            MaximumEventLineSize = receiveBufferSize <= 0 ? long.MaxValue : receiveBufferSize + 16,
        };
    }
}
