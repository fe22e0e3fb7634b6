using System.Net;
using System.Net.Sockets;
using System.Text.Json;

namespace HubFramework.LoadGenerator;

/// <summary>Where the hub lives and how to reach its WebSocket: negotiate v1, or straight to the WebSocket.</summary>
internal sealed class HubEndpoint : IDisposable
{
    // Small enough that a reader who stops reading fills its socket quickly, as a stalled browser tab would.
    private const int StalledReceiveBufferBytes = 4096;

    private readonly Uri _hubUrl;
    private readonly bool _skipNegotiate;
    private readonly HttpClient _http;
    private readonly HttpMessageInvoker _webSockets;
    private readonly HttpMessageInvoker _stalledWebSockets;

    public HubEndpoint(Uri hubUrl, bool skipNegotiate, WireProtocol protocol)
    {
        Protocol = protocol;
        _hubUrl = hubUrl;
        _skipNegotiate = skipNegotiate;
        _http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 64, UseProxy = false })
        {
            Timeout = TimeSpan.FromSeconds(30),
        };
        _webSockets = new HttpMessageInvoker(new SocketsHttpHandler { UseProxy = false });
        _stalledWebSockets = new HttpMessageInvoker(new SocketsHttpHandler
        {
            UseProxy = false,
            ConnectCallback = ConnectWithSmallReceiveBufferAsync,
        });
    }

    /// <summary>The hub protocol every connection of the run speaks.</summary>
    public WireProtocol Protocol { get; }

    public HttpMessageInvoker Invoker(bool smallReceiveBuffer) => smallReceiveBuffer ? _stalledWebSockets : _webSockets;

    public async Task<Uri> ResolveWebSocketUriAsync(CancellationToken cancellationToken)
    {
        var builder = new UriBuilder(_hubUrl) { Scheme = _hubUrl.Scheme == "https" ? "wss" : "ws" };
        if (_skipNegotiate)
        {
            return builder.Uri;
        }

        var negotiateUri = new UriBuilder(_hubUrl);
        negotiateUri.Path = negotiateUri.Path.TrimEnd('/') + "/negotiate";
        negotiateUri.Query = "negotiateVersion=1";
        using var response = await _http.PostAsync(negotiateUri.Uri, content: null, cancellationToken).ConfigureAwait(false);
        if (response.StatusCode != HttpStatusCode.OK)
        {
            throw new InvalidOperationException($"negotiate answered {(int)response.StatusCode}");
        }

        await using var body = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        using var json = await JsonDocument.ParseAsync(body, cancellationToken: cancellationToken).ConfigureAwait(false);
        var root = json.RootElement;
        if (root.TryGetProperty("error", out var error))
        {
            throw new InvalidOperationException("negotiate failed: " + error.GetString());
        }

        var token = root.TryGetProperty("connectionToken", out var t) ? t.GetString() : root.GetProperty("connectionId").GetString();
        builder.Query = "id=" + Uri.EscapeDataString(token ?? throw new InvalidOperationException("negotiate returned no connection id"));
        return builder.Uri;
    }

    public void Dispose()
    {
        _http.Dispose();
        _webSockets.Dispose();
        _stalledWebSockets.Dispose();
    }

    private static async ValueTask<Stream> ConnectWithSmallReceiveBufferAsync(SocketsHttpConnectionContext context, CancellationToken cancellationToken)
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            // Set before connecting: the kernel fixes the advertised window then and stops auto-tuning it.
            socket.ReceiveBufferSize = StalledReceiveBufferBytes;
            await socket.ConnectAsync(context.DnsEndPoint, cancellationToken).ConfigureAwait(false);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }
}
