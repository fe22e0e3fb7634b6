using HubFramework.Client.Internal;
using HubFramework.Protocol;
using Microsoft.Extensions.Logging;

namespace HubFramework.Client;

/// <summary>
/// A connection to a hub: invoke server methods, stream in both directions, and handle calls from the server.
/// Create one with <see cref="HubConnectionBuilder"/>. Thread-safe: any number of threads may invoke, send and
/// stream concurrently; messages are written to the transport one at a time.
/// </summary>
/// <remarks>
/// Handlers for server calls run one at a time in the order the messages arrive, on the receive loop: a handler
/// that blocks delays every message behind it, so a handler must not wait for the result of an invocation it makes.
/// </remarks>
public sealed partial class HubConnection : IHubConnection, IAsyncDisposable
{
    private readonly HttpConnectionOptions _httpOptions;
    private readonly HubConnectionOptions _options;
    private readonly IHubProtocol _protocol;
    private readonly ILoggerFactory _loggerFactory;
    private readonly ILogger _logger;
    private readonly IRetryPolicy? _retryPolicy;
    private readonly IAsyncDisposable? _ownedServices;
    private readonly HandlerRegistry _handlers = new();
    private readonly Func<ITransportConnection>? _transportFactory;
    private readonly NamespaceChannels _channels;
    private readonly SemaphoreSlim _stateLock = new(1, 1);
    private readonly object _cancellationLock = new();
    private volatile ConnectionSession? _session;
    private volatile HubConnectionState _state;
    private CancellationTokenSource? _startCancellation;
    private CancellationTokenSource? _reconnectCancellation;
    private Task _reconnectTask = Task.CompletedTask;
    private IReadOnlyList<TransportSkip> _skippedTransports = [];
    private int _disposed;

    /// <summary>Creates a connection. Prefer <see cref="HubConnectionBuilder"/>.</summary>
    /// <param name="httpOptions">Where and how to connect.</param>
    /// <param name="options">Timeouts and limits of the hub connection.</param>
    /// <param name="protocol">The hub protocol (JSON or MessagePack).</param>
    /// <param name="loggerFactory">Logging.</param>
    /// <param name="retryPolicy">Automatic reconnect policy; null to not reconnect.</param>
    public HubConnection(
        HttpConnectionOptions httpOptions,
        HubConnectionOptions options,
        IHubProtocol protocol,
        ILoggerFactory loggerFactory,
        IRetryPolicy? retryPolicy = null)
        : this(httpOptions, options, protocol, loggerFactory, retryPolicy, null)
    {
    }

    internal HubConnection(
        HttpConnectionOptions httpOptions,
        HubConnectionOptions options,
        IHubProtocol protocol,
        ILoggerFactory loggerFactory,
        IRetryPolicy? retryPolicy,
        IAsyncDisposable? ownedServices,
        Func<ITransportConnection>? transportFactory = null)
    {
        _transportFactory = transportFactory;
        _channels = new NamespaceChannels(this);
        ArgumentNullException.ThrowIfNull(httpOptions);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(protocol);
        ArgumentNullException.ThrowIfNull(loggerFactory);
        if (httpOptions.Url is null)
        {
            throw new ArgumentException("HttpConnectionOptions.Url must be set.", nameof(httpOptions));
        }

        _httpOptions = httpOptions;
        _options = options;
        _protocol = protocol;
        _loggerFactory = loggerFactory;
        _logger = loggerFactory.CreateLogger<HubConnection>();
        _retryPolicy = retryPolicy;
        _ownedServices = ownedServices;
        ServerTimeout = options.ServerTimeout;
        KeepAliveInterval = options.KeepAliveInterval;
        HandshakeTimeout = options.HandshakeTimeout;
    }

    /// <summary>Raised when the connection closed for good (stopped, or lost and not reconnected); the argument is the error, null after a clean stop.</summary>
    public event Func<Exception?, Task>? Closed;

    /// <summary>Raised when the connection was lost and automatic reconnect starts; the argument is why it was lost.</summary>
    public event Func<Exception?, Task>? Reconnecting;

    /// <summary>Raised when automatic reconnect succeeded; the argument is the new connection id.</summary>
    public event Func<string?, Task>? Reconnected;

    /// <summary>The current state.</summary>
    public HubConnectionState State => _state;

    /// <summary>The server's id for this connection (null when not connected or when negotiation was skipped).</summary>
    public string? ConnectionId => _session?.Connection.ConnectionId;

    /// <summary>The transport in use, or null when not connected.</summary>
    public HttpTransportType? TransportType => _session?.Connection.TransportType;

    /// <summary>The transports the last successful start did not use, with the reason for each.</summary>
    public IReadOnlyList<TransportSkip> SkippedTransports => _skippedTransports;

    /// <summary>See <see cref="HubConnectionOptions.ServerTimeout"/>.</summary>
    public TimeSpan ServerTimeout { get; set; }

    /// <summary>See <see cref="HubConnectionOptions.KeepAliveInterval"/>.</summary>
    public TimeSpan KeepAliveInterval { get; set; }

    /// <summary>See <see cref="HubConnectionOptions.HandshakeTimeout"/>.</summary>
    public TimeSpan HandshakeTimeout { get; set; }

    /// <summary>Stops the connection and releases everything it owns.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        await StopAsync().ConfigureAwait(false);
        if (_ownedServices is not null)
        {
            await _ownedServices.DisposeAsync().ConfigureAwait(false);
        }
    }

    private bool IsDisposed => Volatile.Read(ref _disposed) != 0;

    private ConnectionSession GetActiveSession(string operation)
    {
        var session = _session;
        if (session is null || _state != HubConnectionState.Connected)
        {
            throw new InvalidOperationException($"'{operation}' cannot be called while the connection is {_state}: it must be Connected.");
        }

        return session;
    }

    private async Task RaiseAsync<T>(Func<T, Task>? handlers, T argument, string eventName)
    {
        if (handlers is null)
        {
            return;
        }

        foreach (var handler in handlers.GetInvocationList().Cast<Func<T, Task>>())
        {
            try
            {
                await handler(argument).ConfigureAwait(false);
            }
            catch (Exception ex)
            {
                Log.EventHandlerFailed(_logger, eventName, ex);
            }
        }
    }
}
