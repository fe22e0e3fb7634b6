using System.Buffers;
using System.Collections.Concurrent;
using System.Text;
using HubFramework.Protocol;
using Microsoft.Extensions.Logging;

namespace HubFramework.Server.Hubs.Multiplexing;

/// <summary>
/// The extra namespaces (channels) a physical hub connection carries: opens them through the target namespace's hub
/// pipeline, moves each channel's bytes between its <see cref="VirtualClientConnection"/> and <c>$mux.data</c>
/// messages, and closes them one by one or all with the physical connection. Failures stay with their channel.
/// </summary>
internal sealed class NamespaceMultiplexer
{
    private readonly ConcurrentDictionary<string, VirtualClientConnection> _channels = new(StringComparer.Ordinal);
    private readonly HubConnectionContext _physical;
    private readonly MultiplexTargetResolver _resolver;
    private readonly int _maximum;
    private readonly ILogger _logger;
    private readonly bool _binary;
    private int _closed;

    public NamespaceMultiplexer(HubConnectionContext physical, MultiplexTargetResolver resolver, int maximumChannels, ILogger logger)
    {
        _physical = physical;
        _resolver = resolver;
        _maximum = maximumChannels;
        _logger = logger;
        _binary = physical.Protocol.TransferFormat == TransferFormat.Binary;
    }

    /// <summary>Channels open now.</summary>
    public int Count => _channels.Count;

    /// <summary>Handles one reserved invocation of the physical connection.</summary>
    public async ValueTask HandleAsync(HubMethodInvocationMessage invocation)
    {
        var arguments = invocation.Arguments;
        var channel = arguments.Length > 0 ? arguments[0] as string : null;
        switch (invocation.Target)
        {
            case MultiplexProtocol.Open:
                await OpenAsync(invocation.InvocationId, channel, arguments.Length > 1 ? arguments[1] as string : null).ConfigureAwait(false);
                break;
            case MultiplexProtocol.Data when channel is not null && arguments.Length > 1:
                await ForwardAsync(channel, arguments[1]).ConfigureAwait(false);
                break;
            case MultiplexProtocol.Close when channel is not null:
                if (_channels.TryGetValue(channel, out var closing))
                {
                    // The channel's hub connection ends as if its client had gone; its close comes back as the answer.
                    await closing.ClientBytes.CompleteAsync().ConfigureAwait(false);
                }

                break;
            default:
                MultiplexLog.BadMessage(_logger, _physical.ConnectionId, invocation.Target);
                if (invocation.InvocationId is { } id)
                {
                    await _physical.WriteAsync(CompletionMessage.WithError(id, $"'{invocation.Target}' is not a valid multiplexing message.")).ConfigureAwait(false);
                }

                break;
        }
    }

    /// <summary>The physical connection is over: every channel ends (their hubs see a disconnect).</summary>
    public void CloseAll()
    {
        Volatile.Write(ref _closed, 1);
        foreach (var channel in _channels.Values)
        {
            channel.Abort();
        }
    }

    private async ValueTask OpenAsync(string? invocationId, string? channel, string? path)
    {
        var (error, connectionId) = await TryOpenAsync(channel, path).ConfigureAwait(false);
        if (error is not null)
        {
            MultiplexLog.OpenRefused(_logger, _physical.ConnectionId, path, error);
        }

        if (invocationId is not null)
        {
            await _physical.WriteAsync(error is null ? CompletionMessage.WithResult(invocationId, connectionId) : CompletionMessage.WithError(invocationId, error)).ConfigureAwait(false);
        }
    }

    /// <summary>Opens the channel: null error and the channel's connection id, or why not.</summary>
    private async ValueTask<(string? Error, string? ConnectionId)> TryOpenAsync(string? channel, string? path)
    {
        if (string.IsNullOrEmpty(channel) || channel.Length > MultiplexProtocol.MaximumChannelLength)
        {
            return ($"The channel id must be 1 to {MultiplexProtocol.MaximumChannelLength} characters.", null);
        }

        if (string.IsNullOrWhiteSpace(path))
        {
            return ("The namespace path must not be empty.", null);
        }

        if (_channels.ContainsKey(channel))
        {
            return ($"Channel '{channel}' is already open.", null);
        }

        if (_channels.Count >= _maximum)
        {
            return ($"Too many namespaces: at most {_maximum} may be open over one connection (HubOptions.MaximumNamespacesPerConnection).", null);
        }

        var resolved = await _resolver.ResolveAsync(path, _physical.User).ConfigureAwait(false);
        if (resolved.Error is not null)
        {
            return (resolved.Error, null);
        }

        var connection = new VirtualClientConnection(_physical.Connection, resolved.EndpointPath!, resolved.RouteValues!);
        if (Volatile.Read(ref _closed) != 0 || !_channels.TryAdd(channel, connection))
        {
            return ($"Channel '{channel}' cannot be opened now.", null);
        }

        MultiplexLog.Opened(_logger, _physical.ConnectionId, channel, resolved.EndpointPath!, connection.ConnectionId);
        var pump = Task.Run(() => PumpAsync(channel, connection));
        _ = Task.Run(() => ServeAsync(channel, connection, resolved.Handler!, pump));
        return (null, connection.ConnectionId);
    }

    private async Task ServeAsync(string channel, VirtualClientConnection connection, Connections.IConnectionHandler handler, Task pump)
    {
        string? reason = null;
        try
        {
            await handler.OnConnectedAsync(connection).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            reason = "The namespace's connection failed.";
            MultiplexLog.ChannelFailed(_logger, _physical.ConnectionId, channel, ex);
        }
        finally
        {
            connection.CompleteHubBytes();
            connection.Cancel();
        }

        await pump.ConfigureAwait(false);
        _channels.TryRemove(new KeyValuePair<string, VirtualClientConnection>(channel, connection));
        await SendAsync(new InvocationMessage(MultiplexProtocol.Close, [channel, reason])).ConfigureAwait(false);
    }

    /// <summary>Carries what the channel's hub writes to the client, in order, as <c>$mux.data</c> messages.</summary>
    private async Task PumpAsync(string channel, VirtualClientConnection connection)
    {
        var reader = connection.HubBytes;
        try
        {
            while (true)
            {
                var result = await reader.ReadAsync().ConfigureAwait(false);
                var buffer = result.Buffer;
                if (!buffer.IsEmpty)
                {
                    object payload = _binary ? buffer.ToArray() : Encoding.UTF8.GetString(buffer);
                    await SendAsync(new InvocationMessage(MultiplexProtocol.Data, [channel, payload])).ConfigureAwait(false);
                }

                reader.AdvanceTo(buffer.End);
                if (result.IsCompleted || result.IsCanceled)
                {
                    break;
                }
            }
        }
        catch (Exception ex)
        {
            MultiplexLog.ChannelFailed(_logger, _physical.ConnectionId, channel, ex);
        }
        finally
        {
            await reader.CompleteAsync().ConfigureAwait(false);
        }
    }

    private async ValueTask ForwardAsync(string channel, object? payload)
    {
        if (!_channels.TryGetValue(channel, out var connection))
        {
            MultiplexLog.UnknownChannel(_logger, _physical.ConnectionId, channel);
            await SendAsync(new InvocationMessage(MultiplexProtocol.Close, [channel, $"Channel '{channel}' is not open."])).ConfigureAwait(false);
            return;
        }

        var writer = connection.ClientBytes;
        try
        {
            switch (payload)
            {
                case string text:
                    var span = writer.GetSpan(Encoding.UTF8.GetMaxByteCount(text.Length));
                    writer.Advance(Encoding.UTF8.GetBytes(text, span));
                    break;
                case byte[] bytes:
                    writer.Write(bytes);
                    break;
                default:
                    return;
            }

            await writer.FlushAsync().ConfigureAwait(false);
        }
        catch (InvalidOperationException)
        {
            // The channel's input was completed a moment ago (closing): the bytes have nowhere to go.
        }
    }

    private async ValueTask SendAsync(HubMessage message)
    {
        try
        {
            await _physical.WriteAsync(message).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is InvalidOperationException or OperationCanceledException or ObjectDisposedException)
        {
            // The physical connection is closing: its client learns nothing more about this channel.
        }
    }
}
