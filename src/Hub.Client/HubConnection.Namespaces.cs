using HubFramework.Client.Internal;

namespace HubFramework.Client;

public sealed partial class HubConnection
{
    /// <summary>
    /// Opens namespace <paramref name="path"/> (another hub path of the same server, e.g. <c>/admin</c> or
    /// <c>/tenants/acme/hubs/chat</c>) over this connection, without a new physical connection. Needs a HubFramework
    /// server that advertised the <c>multiplex</c> extension when this connection negotiated.
    /// </summary>
    /// <param name="path">The hub path on the server this connection was made to.</param>
    /// <param name="cancellationToken">Cancels the open.</param>
    /// <returns>The open namespace; it reconnects with this connection and closes when it closes for good.</returns>
    /// <exception cref="InvalidOperationException">The connection is not Connected.</exception>
    /// <exception cref="NotSupportedException">The server does not offer multiplexing (Microsoft's server, an old server, or negotiation skipped).</exception>
    /// <exception cref="HubException">The server refused to open the namespace (unknown path, unauthorized, too many namespaces).</exception>
    public Task<HubNamespace> OpenNamespaceAsync(string path, CancellationToken cancellationToken = default)
        => OpenNamespaceAsync(path, configure: null, cancellationToken);

    /// <summary>
    /// Opens namespace <paramref name="path"/> over this connection, as <see cref="OpenNamespaceAsync(string, CancellationToken)"/>;
    /// <paramref name="configure"/> runs before the open, so handlers it registers see the server's first messages
    /// (those its <c>OnConnectedAsync</c> sends).
    /// </summary>
    /// <param name="path">The hub path on the server this connection was made to.</param>
    /// <param name="configure">Registers handlers on the namespace before it opens (optional).</param>
    /// <param name="cancellationToken">Cancels the open.</param>
    /// <returns>The open namespace; it reconnects with this connection and closes when it closes for good.</returns>
    /// <exception cref="InvalidOperationException">The connection is not Connected.</exception>
    /// <exception cref="NotSupportedException">The server does not offer multiplexing (Microsoft's server, an old server, or negotiation skipped).</exception>
    /// <exception cref="HubException">The server refused to open the namespace (unknown path, unauthorized, too many namespaces).</exception>
    public async Task<HubNamespace> OpenNamespaceAsync(string path, Action<HubNamespace>? configure, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ObjectDisposedException.ThrowIf(IsDisposed, this);
        _ = GetActiveSession(nameof(OpenNamespaceAsync));
        if (!OffersMultiplexing)
        {
            throw new NotSupportedException(MultiplexingUnavailable(path));
        }

        var connection = new HubConnection(_httpOptions, _options, _protocol, _loggerFactory, new NamespaceRetryPolicy(this), null, () => new NamespaceChannel(_channels, path))
        {
            ServerTimeout = ServerTimeout,
            KeepAliveInterval = KeepAliveInterval,
            HandshakeTimeout = HandshakeTimeout,
        };
        var opened = new HubNamespace(path, connection);
        try
        {
            configure?.Invoke(opened);
            await connection.StartAsync(cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }

        return opened;
    }

    /// <summary>Whether the current session's server advertised the <c>multiplex</c> extension.</summary>
    internal bool OffersMultiplexing => _session?.Connection.Extensions.Contains(NamespaceChannels.ExtensionName, StringComparer.Ordinal) == true;

    internal static string MultiplexingUnavailable(string path) =>
        $"Cannot open namespace '{path}' over this connection: the server did not offer the '{NamespaceChannels.ExtensionName}' extension " +
        "(it is not a HubFramework server, multiplexing is off, or negotiation was skipped). Open a separate HubConnection instead.";

    /// <summary>
    /// Re-opens a namespace after its channel was lost, for as long as the physical connection lives; stops when that
    /// connection is closed for good or the server refuses the open (unknown, unauthorized, too many).
    /// </summary>
    private sealed class NamespaceRetryPolicy(HubConnection physical) : IRetryPolicy
    {
        public TimeSpan? NextRetryDelay(RetryContext retryContext)
        {
            if (physical.State == HubConnectionState.Disconnected || physical.IsDisposed || retryContext.RetryReason is HubException or NotSupportedException)
            {
                return null;
            }

            // The channel's start waits for the physical connection itself, so attempts need not be spaced out much.
            return retryContext.PreviousRetryCount == 0 ? TimeSpan.Zero : TimeSpan.FromMilliseconds(Math.Min(2000, 100 * retryContext.PreviousRetryCount));
        }
    }
}
