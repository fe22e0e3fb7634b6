using System.Collections.Concurrent;
using System.Net.WebSockets;
using System.Text;
using System.Threading.Channels;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace HubFramework.Client.Tests.Infrastructure;

/// <summary>
/// A hand-written server speaking raw negotiate + WebSocket + JSON hub protocol, whose every byte the test scripts:
/// for feeding the client malformed, oversized or otherwise hostile input.
/// </summary>
internal sealed class ScriptedHubServer : IAsyncDisposable
{
    private readonly KestrelApp _app;
    private readonly Channel<ScriptedSocket> _connections;
    private readonly ConcurrentQueue<ScriptedSocket> _all;

    private ScriptedHubServer(
        KestrelApp app, Channel<ScriptedSocket> connections, ConcurrentQueue<ScriptedSocket> all, ConcurrentBag<string> forgotten)
    {
        _app = app;
        ForgottenConnections = forgotten;
        _connections = connections;
        _all = all;
    }

    public Uri HubUrl => _app.Url("hub");

    /// <summary>WebSocket requests whose <c>id</c> is in here are refused with 404, as for a connection the server forgot.</summary>
    public ConcurrentBag<string> ForgottenConnections { get; }

    /// <summary>
    /// A negotiate handler offering WebSockets with stateful reconnect; each negotiation gets a new id
    /// (<c>cid-N</c>) and token (<c>token-N</c>).
    /// </summary>
    public static Func<HttpContext, Task> StatefulNegotiate()
    {
        var count = 0;
        return context =>
        {
            var n = Interlocked.Increment(ref count);
            return context.Response.WriteAsync(
                $$"""{"negotiateVersion":1,"connectionId":"cid-{{n}}","connectionToken":"token-{{n}}","useStatefulReconnect":true,"availableTransports":[{"transport":"WebSockets","transferFormats":["Text","Binary"]}]}""");
        };
    }

    /// <param name="negotiate">Writes the negotiate response; the default offers WebSockets (Text, Binary) with negotiate v1.</param>
    public static async Task<ScriptedHubServer> StartAsync(Func<HttpContext, Task>? negotiate = null)
    {
        var forgotten = new ConcurrentBag<string>();
        var connections = Channel.CreateUnbounded<ScriptedSocket>();
        var all = new ConcurrentQueue<ScriptedSocket>();
        var app = await KestrelApp.StartAsync(app =>
        {
            app.UseWebSockets();
            app.MapPost("/hub/negotiate", negotiate ?? (context => context.Response.WriteAsync(
                """{"negotiateVersion":1,"connectionId":"cid","connectionToken":"token","availableTransports":[{"transport":"WebSockets","transferFormats":["Text","Binary"]}]}""")));
            app.Map("/hub", async context =>
            {
                if (!context.WebSockets.IsWebSocketRequest)
                {
                    context.Response.StatusCode = 400;
                    return;
                }

                if (forgotten.Contains(context.Request.Query["id"].ToString()))
                {
                    context.Response.StatusCode = 404;
                    return;
                }

                using var webSocket = await context.WebSockets.AcceptWebSocketAsync();
                var socket = new ScriptedSocket(webSocket);
                all.Enqueue(socket);
                await connections.Writer.WriteAsync(socket);
                await socket.Finished;
            });
        });
        return new ScriptedHubServer(app, connections, all, forgotten);
    }

    /// <summary>The next WebSocket a client opens.</summary>
    public Task<ScriptedSocket> AcceptAsync() => Wait.For(_connections.Reader.ReadAsync().AsTask());

    public async ValueTask DisposeAsync()
    {
        foreach (var socket in _all)
        {
            socket.Finish();
        }

        await _app.DisposeAsync();
    }

    /// <summary>The server's end of one WebSocket: read records, send raw text, close or abort.</summary>
    internal sealed class ScriptedSocket(WebSocket webSocket)
    {
        private readonly TaskCompletionSource _finished = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly StringBuilder _pending = new();

        public Task Finished => _finished.Task;

        /// <summary>The next 0x1E-terminated record the client sent (separator removed).</summary>
        public async Task<string> ReceiveRecordAsync()
        {
            var buffer = new byte[8192];
            while (true)
            {
                var text = _pending.ToString();
                var end = text.IndexOf('\u001e', StringComparison.Ordinal);
                if (end >= 0)
                {
                    _pending.Remove(0, end + 1);
                    return text[..end];
                }

                var result = await Wait.For(webSocket.ReceiveAsync(buffer, CancellationToken.None));
                if (result.MessageType == WebSocketMessageType.Close)
                {
                    throw new InvalidOperationException("The client closed the WebSocket.");
                }

                _pending.Append(Encoding.UTF8.GetString(buffer, 0, result.Count));
            }
        }

        /// <summary>Receives records until one contains <paramref name="fragment"/>; returns it.</summary>
        public async Task<string> ReceiveRecordContainingAsync(string fragment)
        {
            while (true)
            {
                var record = await ReceiveRecordAsync();
                if (record.Contains(fragment, StringComparison.Ordinal))
                {
                    return record;
                }
            }
        }

        /// <summary>Reads the handshake request and answers it with <paramref name="response"/> (default: success).</summary>
        public async Task<string> HandshakeAsync(string response = "{}\u001e")
        {
            var request = await ReceiveRecordAsync();
            await SendAsync(response);
            return request;
        }

        public Task SendAsync(string text) =>
            webSocket.SendAsync(Encoding.UTF8.GetBytes(text), WebSocketMessageType.Text, true, CancellationToken.None);

        public async Task CloseAsync()
        {
            await webSocket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "", CancellationToken.None);
            Finish();
        }

        /// <summary>Ends the server side without any close handshake.</summary>
        public void Abort()
        {
            webSocket.Abort();
            Finish();
        }

        public void Finish() => _finished.TrySetResult();
    }
}
