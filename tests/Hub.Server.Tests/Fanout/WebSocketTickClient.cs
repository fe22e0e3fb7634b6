using System.Buffers;
using System.Net.Sockets;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;

namespace HubFramework.Server.Tests.Fanout;

/// <summary>
/// A lean JSON-protocol hub client over a real WebSocket for the slow-consumer tests: negotiates, handshakes, then
/// either reads "tick" invocations (sequence number, send timestamp, payload) or deliberately reads nothing. Its socket
/// can have a small receive buffer so that a client that stops reading backs up quickly.
/// </summary>
internal sealed class WebSocketTickClient : IAsyncDisposable
{
    private const byte RecordSeparator = 0x1E;

    private readonly ClientWebSocket _socket;
    private readonly HttpMessageInvoker? _invoker;
    private readonly ArrayBufferWriter<byte> _pending = new();
    private readonly List<long> _sequences = new();
    private readonly object _lock = new();
    private TimeSpan _maxLatency;

    private WebSocketTickClient(string connectionId, ClientWebSocket socket, HttpMessageInvoker? invoker)
    {
        ConnectionId = connectionId;
        _socket = socket;
        _invoker = invoker;
    }

    public string ConnectionId { get; }

    /// <summary>The sequence numbers received, in arrival order.</summary>
    public long[] Sequences
    {
        get
        {
            lock (_lock)
            {
                return _sequences.ToArray();
            }
        }
    }

    /// <summary>The longest time between a tick's send and its arrival.</summary>
    public TimeSpan MaxLatency
    {
        get
        {
            lock (_lock)
            {
                return _maxLatency;
            }
        }
    }

    /// <summary>Whether the "done" invocation arrived.</summary>
    public bool Done { get; private set; }

    /// <summary>The Close message's error, once one arrived.</summary>
    public string? CloseError { get; private set; }

    public static async Task<WebSocketTickClient> ConnectAsync(Uri baseUri, string path, int? receiveBufferSize = null)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        using var http = new HttpClient();
        using var response = await http.PostAsync(new Uri(baseUri, path.TrimStart('/') + "/negotiate?negotiateVersion=1"), null, timeout.Token);
        response.EnsureSuccessStatusCode();
        using var negotiation = JsonDocument.Parse(await response.Content.ReadAsStringAsync(timeout.Token));
        var connectionId = negotiation.RootElement.GetProperty("connectionId").GetString()!;
        var token = negotiation.RootElement.GetProperty("connectionToken").GetString()!;

        var socket = new ClientWebSocket();
        HttpMessageInvoker? invoker = null;
        var uri = new UriBuilder(new Uri(baseUri, path.TrimStart('/'))) { Scheme = "ws", Query = "id=" + Uri.EscapeDataString(token) }.Uri;
        if (receiveBufferSize is { } size)
        {
            invoker = new HttpMessageInvoker(new SocketsHttpHandler
            {
                ConnectCallback = async (context, ct) =>
                {
                    var raw = new Socket(SocketType.Stream, ProtocolType.Tcp) { ReceiveBufferSize = size, NoDelay = true };
                    await raw.ConnectAsync(context.DnsEndPoint, ct);
                    return new NetworkStream(raw, ownsSocket: true);
                },
            });
            await socket.ConnectAsync(uri, invoker, timeout.Token);
        }
        else
        {
            await socket.ConnectAsync(uri, timeout.Token);
        }

        var client = new WebSocketTickClient(connectionId, socket, invoker);
        await socket.SendAsync("{\"protocol\":\"json\",\"version\":1}\u001e"u8.ToArray(), WebSocketMessageType.Text, true, timeout.Token);
        var handshake = await client.ReadRecordAsync(timeout.Token) ?? throw new InvalidOperationException("The server closed during the handshake.");
        if (handshake != "{}")
        {
            throw new InvalidOperationException("Handshake failed: " + handshake);
        }

        return client;
    }

    /// <summary>Reads ticks until a "done" invocation arrives, a Close arrives, or the socket ends.</summary>
    public async Task ReadTicksUntilDoneAsync(CancellationToken cancellationToken)
    {
        while (await ReadRecordAsync(cancellationToken) is { } record)
        {
            using var message = JsonDocument.Parse(record);
            var root = message.RootElement;
            switch (root.GetProperty("type").GetInt32())
            {
                case 1 when root.GetProperty("target").GetString() == "tick":
                    var arguments = root.GetProperty("arguments");
                    var latency = TimeSpan.FromTicks(DateTime.UtcNow.Ticks - arguments[1].GetInt64());
                    lock (_lock)
                    {
                        _sequences.Add(arguments[0].GetInt64());
                        _maxLatency = latency > _maxLatency ? latency : _maxLatency;
                    }

                    break;
                case 1 when root.GetProperty("target").GetString() == "done":
                    Done = true;
                    return;
                case 7:
                    CloseError = root.TryGetProperty("error", out var error) ? error.GetString() : null;
                    return;
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        _socket.Abort();
        _socket.Dispose();
        _invoker?.Dispose();
        await Task.CompletedTask;
    }

    /// <summary>The next 0x1E-terminated record as text, or null when the socket closed.</summary>
    private async Task<string?> ReadRecordAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            var index = _pending.WrittenSpan.IndexOf(RecordSeparator);
            if (index >= 0)
            {
                var record = Encoding.UTF8.GetString(_pending.WrittenSpan[..index]);
                var rest = _pending.WrittenSpan[(index + 1)..].ToArray();
                _pending.Clear();
                _pending.Write(rest);
                return record;
            }

            ValueWebSocketReceiveResult result;
            try
            {
                result = await _socket.ReceiveAsync(_pending.GetMemory(16 * 1024), cancellationToken);
            }
            catch (WebSocketException)
            {
                return null;
            }

            if (result.MessageType == WebSocketMessageType.Close)
            {
                return null;
            }

            _pending.Advance(result.Count);
        }
    }
}
