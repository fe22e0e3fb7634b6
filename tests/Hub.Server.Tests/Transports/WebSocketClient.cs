using System.Net.WebSockets;

namespace HubFramework.Server.Tests.Transports;

/// <summary>Small bounded helpers over <see cref="ClientWebSocket"/>.</summary>
internal static class WebSocketClient
{
    public static readonly TimeSpan Bound = TimeSpan.FromSeconds(10);

    public static async Task<ClientWebSocket> ConnectAsync(Uri uri)
    {
        var socket = new ClientWebSocket();
        socket.Options.CollectHttpResponseDetails = true;
        using var cts = new CancellationTokenSource(Bound);
        await socket.ConnectAsync(uri, cts.Token);
        return socket;
    }

    public static async Task SendAsync(ClientWebSocket socket, ReadOnlyMemory<byte> data, WebSocketMessageType type = WebSocketMessageType.Text, bool endOfMessage = true)
    {
        using var cts = new CancellationTokenSource(Bound);
        await socket.SendAsync(data, type, endOfMessage, cts.Token);
    }

    /// <summary>Receives one whole message (or the close frame, with an empty payload).</summary>
    public static async Task<(WebSocketMessageType Type, byte[] Payload)> ReceiveAsync(ClientWebSocket socket, TimeSpan? timeout = null)
    {
        using var cts = new CancellationTokenSource(timeout ?? Bound);
        var buffer = new byte[8192];
        using var message = new MemoryStream();
        while (true)
        {
            var result = await socket.ReceiveAsync(buffer.AsMemory(), cts.Token);
            message.Write(buffer, 0, result.Count);
            if (result.MessageType == WebSocketMessageType.Close || result.EndOfMessage)
            {
                return (result.MessageType, message.ToArray());
            }
        }
    }

    /// <summary>Receives messages until <paramref name="count"/> bytes arrived in total.</summary>
    public static async Task<byte[]> ReceiveBytesAsync(ClientWebSocket socket, int count)
    {
        using var all = new MemoryStream();
        while (all.Length < count)
        {
            var (type, payload) = await ReceiveAsync(socket);
            Assert.NotEqual(WebSocketMessageType.Close, type);
            all.Write(payload);
        }

        return all.ToArray();
    }

    /// <summary>Expects the server's close frame; returns its status.</summary>
    public static async Task<WebSocketCloseStatus?> ReceiveCloseAsync(ClientWebSocket socket)
    {
        var deadline = DateTime.UtcNow + Bound;
        while (DateTime.UtcNow < deadline)
        {
            var (type, _) = await ReceiveAsync(socket);
            if (type == WebSocketMessageType.Close)
            {
                return socket.CloseStatus;
            }
        }

        throw new TimeoutException("No close frame.");
    }
}
