using System.Buffers;
using System.Collections.Concurrent;
using System.IO.Pipelines;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using HubFramework.Protocol;

namespace HubFramework.Server.Tests.Infrastructure;

/// <summary>
/// A protocol-level hub client for tests: speaks the handshake and hub messages byte for byte, over an in-memory
/// <see cref="TestClientConnection"/> or a real WebSocket, and lets tests look at exactly what the server sent.
/// Every read is bounded by <see cref="Timeout"/>.
/// </summary>
public sealed class RawHubClient : IAsyncDisposable
{
    private readonly PipeReader _input;
    private readonly Func<ReadOnlyMemory<byte>, CancellationToken, Task> _send;
    private readonly Func<ValueTask> _dispose;
    private readonly List<HubMessage> _pending = new();
    private int _nextInvocationId;

    private RawHubClient(IHubProtocol protocol, PipeReader input, Func<ReadOnlyMemory<byte>, CancellationToken, Task> send, Func<ValueTask> dispose)
    {
        Protocol = protocol;
        _input = input;
        _send = send;
        _dispose = dispose;
    }

    /// <summary>The hub protocol used for hub messages (the handshake is always JSON).</summary>
    public IHubProtocol Protocol { get; }

    /// <summary>Types for what the server sends.</summary>
    public TestBinder Binder { get; } = new();

    /// <summary>Bound of every read. Default 10 s.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Whether <see cref="ReadMessageAsync"/> skips server pings. Default true.</summary>
    public bool IgnorePings { get; set; } = true;

    /// <summary>The WebSocket close status the server sent, once the socket has closed (WebSocket clients only).</summary>
    public WebSocketCloseStatus? CloseStatus { get; private set; }

    /// <summary>The WebSocket frames received so far (WebSocket clients only).</summary>
    public ConcurrentQueue<(WebSocketMessageType Type, byte[] Payload)> Frames { get; } = new();

    /// <summary>The connection id from negotiate (WebSocket clients with negotiate only).</summary>
    public string? ConnectionId { get; private set; }

    /// <summary>A client over an in-memory connection.</summary>
    internal static RawHubClient Over(TestClientConnection connection, IHubProtocol protocol) =>
        new(
            protocol,
            connection.ClientInput,
            async (bytes, ct) =>
            {
                await connection.ClientOutput.WriteAsync(bytes, ct);
            },
            () =>
            {
                connection.CompleteFromClient();
                return default;
            });

    /// <summary>Connects a WebSocket to <paramref name="path"/> on <paramref name="baseUri"/>, with or without negotiate first.</summary>
    public static async Task<RawHubClient> ConnectWebSocketAsync(
        Uri baseUri,
        string path,
        IHubProtocol protocol,
        bool negotiate = true,
        string? accessToken = null,
        CancellationToken cancellationToken = default)
    {
        path = path.TrimStart('/');
        var query = new List<string>();
        string? connectionId = null;
        if (negotiate)
        {
            using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
            var negotiateUri = new Uri(baseUri, $"{path}/negotiate?negotiateVersion=1" + (accessToken is null ? "" : $"&access_token={Uri.EscapeDataString(accessToken)}"));
            using var response = await http.PostAsync(negotiateUri, content: null, cancellationToken);
            response.EnsureSuccessStatusCode();
            using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync(cancellationToken));
            connectionId = document.RootElement.GetProperty("connectionId").GetString();
            var token = document.RootElement.GetProperty("connectionToken").GetString()!;
            query.Add("id=" + Uri.EscapeDataString(token));
        }

        if (accessToken is not null)
        {
            query.Add("access_token=" + Uri.EscapeDataString(accessToken));
        }

        var builder = new UriBuilder(new Uri(baseUri, path)) { Scheme = "ws", Query = string.Join("&", query) };
        var socket = new ClientWebSocket();
        using (var connectTimeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
        {
            connectTimeout.CancelAfter(TimeSpan.FromSeconds(10));
            await socket.ConnectAsync(builder.Uri, connectTimeout.Token);
        }

        var received = new Pipe();
        var sendLock = new SemaphoreSlim(1, 1);
        var messageType = protocol.TransferFormat == TransferFormat.Text ? WebSocketMessageType.Text : WebSocketMessageType.Binary;
        RawHubClient? client = null;
        client = new RawHubClient(
            protocol,
            received.Reader,
            async (bytes, ct) =>
            {
                await sendLock.WaitAsync(ct);
                try
                {
                    await socket.SendAsync(bytes, messageType, endOfMessage: true, ct);
                }
                finally
                {
                    sendLock.Release();
                }
            },
            async () =>
            {
                if (socket.State == WebSocketState.Open)
                {
                    using var closeTimeout = new CancellationTokenSource(TimeSpan.FromSeconds(2));
                    try
                    {
                        await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, closeTimeout.Token);
                    }
                    catch (Exception ex) when (ex is WebSocketException or OperationCanceledException)
                    {
                    }
                }

                socket.Abort();
                socket.Dispose();
            })
        {
            ConnectionId = connectionId,
        };
        _ = PumpAsync(socket, received.Writer, client);
        return client;
    }

    private static async Task PumpAsync(ClientWebSocket socket, PipeWriter output, RawHubClient client)
    {
        var buffer = new byte[16 * 1024];
        var frame = new ArrayBufferWriter<byte>();
        try
        {
            while (true)
            {
                var result = await socket.ReceiveAsync(buffer, CancellationToken.None);
                if (result.MessageType == WebSocketMessageType.Close)
                {
                    client.CloseStatus = result.CloseStatus;
                    break;
                }

                frame.Write(buffer.AsSpan(0, result.Count));
                if (result.EndOfMessage)
                {
                    client.Frames.Enqueue((result.MessageType, frame.WrittenSpan.ToArray()));
                    await output.WriteAsync(frame.WrittenMemory);
                    frame.Clear();
                }
            }
        }
        catch (Exception ex) when (ex is WebSocketException or ObjectDisposedException or OperationCanceledException)
        {
        }
        finally
        {
            await output.CompleteAsync();
        }
    }

    /// <summary>Sends the handshake request.</summary>
    public Task SendHandshakeAsync(string protocol, int version = 1)
    {
        var writer = new ArrayBufferWriter<byte>();
        HandshakeProtocol.WriteRequestMessage(new HandshakeRequestMessage(protocol, version), writer);
        return SendRawAsync(writer.WrittenMemory);
    }

    /// <summary>Sends the handshake for <see cref="Protocol"/> and expects success.</summary>
    public async Task HandshakeAsync()
    {
        await SendHandshakeAsync(Protocol.Name, 1);
        var response = await ReadHandshakeResponseAsync();
        if (response.Error is not null)
        {
            throw new InvalidOperationException("Handshake failed: " + response.Error);
        }
    }

    /// <summary>Sends bytes as they are.</summary>
    public Task SendRawAsync(ReadOnlyMemory<byte> bytes) => _send(bytes, CancellationToken.None);

    /// <summary>Sends UTF-8 text as it is.</summary>
    public Task SendRawAsync(string text) => SendRawAsync(Encoding.UTF8.GetBytes(text));

    /// <summary>Serializes and sends a hub message.</summary>
    public Task SendAsync(HubMessage message) => SendRawAsync(Protocol.GetMessageBytes(message));

    /// <summary>Reads the handshake response.</summary>
    public async Task<HandshakeResponseMessage> ReadHandshakeResponseAsync()
    {
        HandshakeResponseMessage? response = null;
        await ReadAsync((ref ReadOnlySequence<byte> buffer) => HandshakeProtocol.TryParseResponseMessage(ref buffer, out response));
        return response!;
    }

    /// <summary>Reads the next text record (without its 0x1E) as a string: for checking exact JSON.</summary>
    public async Task<string> ReadTextRecordAsync()
    {
        string? text = null;
        await ReadAsync((ref ReadOnlySequence<byte> buffer) =>
        {
            var separator = buffer.PositionOf(TextMessageFramer.RecordSeparator);
            if (separator is null)
            {
                return false;
            }

            text = Encoding.UTF8.GetString(buffer.Slice(0, separator.Value));
            buffer = buffer.Slice(buffer.GetPosition(1, separator.Value));
            return true;
        });
        return text!;
    }

    /// <summary>Reads the next hub message (pings skipped when <see cref="IgnorePings"/>).</summary>
    public async Task<HubMessage> ReadMessageAsync()
    {
        if (_pending.Count > 0)
        {
            var first = _pending[0];
            _pending.RemoveAt(0);
            return first;
        }

        return await ReadFromWireAsync();
    }

    /// <summary>Reads messages until one of type <typeparamref name="T"/> (others are kept, in order, for later reads).</summary>
    public async Task<T> ReadMessageAsync<T>(Func<T, bool>? match = null)
        where T : HubMessage
    {
        var index = _pending.FindIndex(m => m is T t && (match is null || match(t)));
        if (index >= 0)
        {
            var found = (T)_pending[index];
            _pending.RemoveAt(index);
            return found;
        }

        while (true)
        {
            var message = await ReadFromWireAsync();
            if (message is T typed && (match is null || match(typed)))
            {
                return typed;
            }

            _pending.Add(message);
        }
    }

    private async Task<HubMessage> ReadFromWireAsync()
    {
        while (true)
        {
            HubMessage? message = null;
            await ReadAsync((ref ReadOnlySequence<byte> buffer) => Protocol.TryParseMessage(ref buffer, Binder, null, out message));
            if (!(IgnorePings && message is PingMessage))
            {
                return message!;
            }
        }
    }

    /// <summary>Collects every message (pings included) that arrives within <paramref name="duration"/>.</summary>
    public async Task<IReadOnlyList<HubMessage>> ReadForAsync(TimeSpan duration)
    {
        var messages = new List<HubMessage>(_pending);
        _pending.Clear();
        using var cts = new CancellationTokenSource(duration);
        try
        {
            while (true)
            {
                var result = await _input.ReadAsync(cts.Token);
                var buffer = result.Buffer;
                while (Protocol.TryParseMessage(ref buffer, Binder, null, out var message))
                {
                    messages.Add(message!);
                }

                _input.AdvanceTo(buffer.Start, buffer.End);
                if (result.IsCompleted)
                {
                    return messages;
                }
            }
        }
        catch (OperationCanceledException)
        {
            return messages;
        }
    }

    /// <summary>Invokes a hub method and waits for its Completion (other messages are kept for later reads).</summary>
    public async Task<CompletionMessage> InvokeAsync(string target, params object?[] arguments)
    {
        var invocationId = NextInvocationId();
        await SendAsync(new InvocationMessage(invocationId, target, arguments));
        return await ReadCompletionAsync(invocationId);
    }

    /// <summary>Invokes a hub method whose result binds to <typeparamref name="T"/>, and returns the Completion.</summary>
    public async Task<CompletionMessage> InvokeAsync<T>(string target, params object?[] arguments)
    {
        var invocationId = NextInvocationId();
        Binder.ExpectResult(invocationId, typeof(T));
        await SendAsync(new InvocationMessage(invocationId, target, arguments));
        return await ReadCompletionAsync(invocationId);
    }

    /// <summary>The next invocation id this client would use (and reserves it).</summary>
    public string NextInvocationId() => Interlocked.Increment(ref _nextInvocationId).ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>Waits for the Completion of <paramref name="invocationId"/>.</summary>
    public Task<CompletionMessage> ReadCompletionAsync(string invocationId) =>
        ReadMessageAsync<CompletionMessage>(c => c.InvocationId == invocationId);

    /// <summary>Waits until the server ends the connection (returns true) or the timeout passes (false); unread data is dropped.</summary>
    public async Task<bool> WaitForServerCloseAsync(TimeSpan? timeout = null)
    {
        using var cts = new CancellationTokenSource(timeout ?? Timeout);
        try
        {
            while (true)
            {
                var result = await _input.ReadAsync(cts.Token);
                _input.AdvanceTo(result.Buffer.End);
                if (result.IsCompleted)
                {
                    return true;
                }
            }
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    /// <summary>Reads messages until the server ends the connection; returns them all (pings included).</summary>
    public async Task<IReadOnlyList<HubMessage>> ReadUntilServerCloseAsync()
    {
        var messages = new List<HubMessage>(_pending);
        _pending.Clear();
        using var cts = new CancellationTokenSource(Timeout);
        while (true)
        {
            var result = await _input.ReadAsync(cts.Token);
            var buffer = result.Buffer;
            while (Protocol.TryParseMessage(ref buffer, Binder, null, out var message))
            {
                messages.Add(message!);
            }

            _input.AdvanceTo(buffer.Start, buffer.End);
            if (result.IsCompleted)
            {
                return messages;
            }
        }
    }

    public ValueTask DisposeAsync() => _dispose();

    private delegate bool Parser(ref ReadOnlySequence<byte> buffer);

    private async Task ReadAsync(Parser parse)
    {
        using var cts = new CancellationTokenSource(Timeout);
        while (true)
        {
            ReadResult result;
            try
            {
                result = await _input.ReadAsync(cts.Token);
            }
            catch (OperationCanceledException)
            {
                throw new TimeoutException($"Nothing (more) arrived from the server within {Timeout}.");
            }

            var buffer = result.Buffer;
            bool parsed;
            try
            {
                parsed = !buffer.IsEmpty && parse(ref buffer);
            }
            catch
            {
                _input.AdvanceTo(result.Buffer.Start, result.Buffer.End);
                throw;
            }

            if (parsed)
            {
                _input.AdvanceTo(buffer.Start);
                return;
            }

            _input.AdvanceTo(buffer.Start, buffer.End);
            if (result.IsCompleted)
            {
                throw new EndOfStreamException("The server closed the connection.");
            }
        }
    }
}
