using System.Net;
using System.Net.Sockets;
using System.Net.WebSockets;
using System.Text;

namespace HubFramework.Security.Tests.Limits;

/// <summary>
/// The interop server as a child process with a low open-file limit: opening connections until refused gets a clean
/// 503 with a reason (the cap derived from the limit), the server stays up, and every earlier connection works;
/// a flood of raw sockets beyond that does not take it down either.
/// </summary>
public class DescriptorLimitTests
{
    private const int OpenFileLimit = 2000;
    private const string Handshake = "{\"protocol\":\"json\",\"version\":1}\u001e";

    [Fact]
    public async Task OpeningConnectionsUntilRefusedLeavesTheServerUpAndEveryEarlierConnectionWorking()
    {
        if (!OperatingSystem.IsLinux())
        {
            return;
        }

        await using var server = await ServerProcess.StartAsync("Hub.InteropServer", openFileLimit: OpenFileLimit);
        var hub = new UriBuilder(server.Url("hubs/interop")) { Scheme = "ws" }.Uri;
        var sockets = new List<ClientWebSocket>();
        var raw = new List<TcpClient>();
        try
        {
            // Open until the server refuses (bounded: the cap is below the limit, so well before 2 × limit).
            HttpStatusCode refusedWith = 0;
            while (sockets.Count < 2 * OpenFileLimit)
            {
                var socket = new ClientWebSocket();
                socket.Options.CollectHttpResponseDetails = true;
                using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(20));
                try
                {
                    await socket.ConnectAsync(hub, cts.Token);
                }
                catch (WebSocketException)
                {
                    refusedWith = socket.HttpStatusCode;
                    socket.Dispose();
                    break;
                }

                await socket.SendAsync(Encoding.UTF8.GetBytes(Handshake), WebSocketMessageType.Text, true, cts.Token);
                Assert.StartsWith("{}\u001e", await ReceiveTextAsync(socket, cts.Token), StringComparison.Ordinal);
                sockets.Add(socket);
            }

            Assert.Equal(HttpStatusCode.ServiceUnavailable, refusedWith);
            Assert.InRange(sockets.Count, OpenFileLimit / 2, OpenFileLimit - 1);

            using var http = new HttpClient { BaseAddress = server.BaseUrl, Timeout = TimeSpan.FromSeconds(20) };
            using (var negotiate = await http.PostAsync("hubs/interop/negotiate?negotiateVersion=1", null))
            {
                Assert.Equal(HttpStatusCode.ServiceUnavailable, negotiate.StatusCode);
                Assert.Contains("connection limit", await negotiate.Content.ReadAsStringAsync(), StringComparison.Ordinal);
            }

            // Raw sockets that never send a request, beyond the descriptor limit: Kestrel's socket cap (set below the
            // limit) turns the excess away instead of the process running out of descriptors.
            for (var i = 0; i < OpenFileLimit / 2; i++)
            {
                var client = new TcpClient();
                raw.Add(client);
                try
                {
                    using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(5));
                    await client.ConnectAsync(IPAddress.Loopback, server.Port, cts.Token);
                }
                catch (Exception ex) when (ex is SocketException or OperationCanceledException)
                {
                    // Refused or dropped: fine, as long as the server lives on.
                }
            }

            Assert.False(server.HasExited, "The server died:\n" + server.Output);
            raw.ForEach(r => r.Dispose());
            raw.Clear();

            // Kestrel lets go of the rejected sockets asynchronously: wait (bounded) until it answers again.
            await Wait.UntilAsync(() => IsHealthy(http), "the server answers /health again", TimeSpan.FromSeconds(30));

            // Every connection opened before the refusal still works.
            var invocation = 0;
            foreach (var socket in sockets)
            {
                using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(20));
                var id = (++invocation).ToString(System.Globalization.CultureInfo.InvariantCulture);
                var message = $"{{\"type\":1,\"invocationId\":\"{id}\",\"target\":\"Echo\",\"arguments\":[\"n{id}\"]}}\u001e";
                await socket.SendAsync(Encoding.UTF8.GetBytes(message), WebSocketMessageType.Text, true, cts.Token);
                var reply = await ReceiveUntilAsync(socket, $"\"invocationId\":\"{id}\"", cts.Token);
                Assert.Contains($"\"result\":\"n{id}\"", reply, StringComparison.Ordinal);
            }

            Assert.False(server.HasExited, "The server died:\n" + server.Output);
        }
        finally
        {
            raw.ForEach(r => r.Dispose());
            foreach (var socket in sockets)
            {
                socket.Abort();
                socket.Dispose();
            }
        }
    }

    private static bool IsHealthy(HttpClient http)
    {
        try
        {
            using var response = http.GetAsync("health").GetAwaiter().GetResult();
            return response.StatusCode == HttpStatusCode.OK;
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
        {
            return false;
        }
    }

    private static async Task<string> ReceiveTextAsync(ClientWebSocket socket, CancellationToken cancellationToken)
    {
        var buffer = new byte[4096];
        using var message = new MemoryStream();
        while (true)
        {
            var result = await socket.ReceiveAsync(buffer.AsMemory(), cancellationToken);
            message.Write(buffer, 0, result.Count);
            if (result.EndOfMessage || result.MessageType == WebSocketMessageType.Close)
            {
                return Encoding.UTF8.GetString(message.ToArray());
            }
        }
    }

    // Skips pings (and anything else) until the frame that mentions the invocation.
    private static async Task<string> ReceiveUntilAsync(ClientWebSocket socket, string marker, CancellationToken cancellationToken)
    {
        for (var frames = 0; frames < 100; frames++)
        {
            var text = await ReceiveTextAsync(socket, cancellationToken);
            if (text.Contains(marker, StringComparison.Ordinal))
            {
                return text;
            }
        }

        throw new InvalidOperationException($"No frame with {marker} in 100 frames.");
    }
}
