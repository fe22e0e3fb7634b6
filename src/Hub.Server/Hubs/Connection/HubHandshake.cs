using System.Buffers;
using System.IO.Pipelines;
using HubFramework.Protocol;
using HubFramework.Server.Connections;
using HubFramework.Server.Hubs.Diagnostics;
using HubFramework.Server.Hubs.Dispatch;
using Microsoft.Extensions.Logging;

namespace HubFramework.Server.Hubs.Connection;

/// <summary>
/// The hub handshake on a new connection: reads the client's JSON request (within <see cref="HubOptions.HandshakeTimeout"/>),
/// picks the protocol, and answers <c>{}</c> or <c>{"error":"…"}</c> with the texts stock clients know.
/// </summary>
internal sealed class HubHandshake
{
    private static readonly TimeSpan ResponseWriteTimeout = TimeSpan.FromSeconds(5);

    private readonly IReadOnlyList<IHubProtocol> _protocols;
    private readonly TimeSpan _timeout;
    private readonly long _maximumSize;
    private readonly ILogger _logger;

    public HubHandshake(IReadOnlyList<IHubProtocol> protocols, HubOptions options, ILogger logger)
    {
        _protocols = protocols;
        _timeout = options.HandshakeTimeout;
        _maximumSize = options.MaximumReceiveMessageSize ?? HandshakeProtocol.DefaultMaximumHandshakeSize;
        _logger = logger;
    }

    /// <summary>
    /// Runs the handshake. On success the connection's <see cref="ClientConnection.ActiveFormat"/> is set and <c>{}</c>
    /// is flushed; otherwise the error response (if the client is still there) is flushed and null returned.
    /// </summary>
    /// <param name="connection">The connection.</param>
    /// <param name="admit">Runs once the request is valid; a non-null result refuses the connection with that error.</param>
    public async Task<(IHubProtocol Protocol, int Version)?> RunAsync(ClientConnection connection, Func<string?>? admit = null)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(connection.ConnectionClosed);
        if (_timeout != Timeout.InfiniteTimeSpan)
        {
            timeout.CancelAfter(_timeout);
        }

        HandshakeRequestMessage? request;
        try
        {
            request = await ReadRequestAsync(connection.Transport.Input, timeout.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (connection.ConnectionClosed.IsCancellationRequested)
        {
            HubLog.HandshakeAbandoned(_logger, connection.ConnectionId);
            return null;
        }
        catch (OperationCanceledException)
        {
            HubLog.HandshakeTimedOut(_logger, connection.ConnectionId, _timeout);
            await RespondAsync(connection, ErrorMessages.HandshakeCanceled).ConfigureAwait(false);
            return null;
        }
        catch (Exception ex)
        {
            HubLog.HandshakeFailed(_logger, connection.ConnectionId, ErrorMessages.HandshakeFailed, ex);
            await RespondAsync(connection, ErrorMessages.HandshakeFailed).ConfigureAwait(false);
            return null;
        }

        if (request is null)
        {
            HubLog.HandshakeAbandoned(_logger, connection.ConnectionId);
            return null;
        }

        var error = Select(connection, request, out var protocol) ?? admit?.Invoke();
        if (error is not null)
        {
            HubLog.HandshakeFailed(_logger, connection.ConnectionId, error);
            await RespondAsync(connection, error).ConfigureAwait(false);
            return null;
        }

        // The transport frames what follows (this response included) in the protocol's format.
        connection.ActiveFormat = protocol!.TransferFormat;
        if (!await RespondAsync(connection, error: null).ConfigureAwait(false))
        {
            return null;
        }

        HubLog.HandshakeCompleted(_logger, connection.ConnectionId, protocol.Name, request.Version);
        return (protocol, request.Version);
    }

    private string? Select(ClientConnection connection, HandshakeRequestMessage request, out IHubProtocol? protocol)
    {
        protocol = null;
        foreach (var candidate in _protocols)
        {
            if (string.Equals(candidate.Name, request.Protocol, StringComparison.OrdinalIgnoreCase))
            {
                protocol = candidate;
                break;
            }
        }

        if (protocol is null)
        {
            return ErrorMessages.ProtocolNotSupported(request.Protocol);
        }

        if (!protocol.IsVersionSupported(request.Version))
        {
            return ErrorMessages.VersionNotSupported(request.Version, request.Protocol);
        }

        // Server-Sent Events carry text only.
        if (protocol.TransferFormat == TransferFormat.Binary && connection.TransportType == HttpTransportType.ServerSentEvents)
        {
            return ErrorMessages.TransferFormatNotSupported(protocol.Name, nameof(TransferFormat.Binary));
        }

        return null;
    }

    /// <summary>Reads until a complete request; null when the client left first.</summary>
    /// <exception cref="Exception">The bytes cannot be a handshake request (malformed, not JSON, too long).</exception>
    private async Task<HandshakeRequestMessage?> ReadRequestAsync(PipeReader input, CancellationToken cancellationToken)
    {
        while (true)
        {
            var result = await input.ReadAsync(cancellationToken).ConfigureAwait(false);
            var buffer = result.Buffer;
            var consumed = buffer.Start;
            var examined = buffer.End;
            try
            {
                if (result.IsCanceled)
                {
                    throw new OperationCanceledException(cancellationToken);
                }

                if (!buffer.IsEmpty)
                {
                    var remaining = buffer;
                    if (HandshakeProtocol.TryParseRequestMessage(ref remaining, _maximumSize, out var request))
                    {
                        consumed = remaining.Start;
                        examined = consumed;
                        return request;
                    }

                    // Reject what can never become a request now, rather than waiting for a separator until the timeout.
                    if (!StartsLikeJsonObject(buffer))
                    {
                        throw new InvalidDataException("The handshake request is not a JSON object.");
                    }
                }

                if (result.IsCompleted)
                {
                    return null;
                }
            }
            finally
            {
                input.AdvanceTo(consumed, examined);
            }
        }
    }

    private static bool StartsLikeJsonObject(in ReadOnlySequence<byte> buffer)
    {
        foreach (var segment in buffer)
        {
            foreach (var b in segment.Span)
            {
                switch (b)
                {
                    case (byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n':
                        continue;
                    case (byte)'{':
                        return true;
                    default:
                        return false;
                }
            }
        }

        return true;
    }

    private async Task<bool> RespondAsync(ClientConnection connection, string? error)
    {
        if (connection.ConnectionClosed.IsCancellationRequested)
        {
            return false;
        }

        try
        {
            var output = connection.Transport.Output;
            HandshakeProtocol.WriteResponseMessage(error is null ? HandshakeResponseMessage.Empty : new HandshakeResponseMessage(error), output);
            using var writeTimeout = CancellationTokenSource.CreateLinkedTokenSource(connection.ConnectionClosed);
            writeTimeout.CancelAfter(ResponseWriteTimeout);
            var flush = await output.FlushAsync(writeTimeout.Token).ConfigureAwait(false);
            return !flush.IsCompleted && !flush.IsCanceled;
        }
        catch (Exception ex) when (ex is OperationCanceledException or InvalidOperationException or IOException)
        {
            HubLog.HandshakeFailed(_logger, connection.ConnectionId, "the response could not be written", ex);
            return false;
        }
    }
}
