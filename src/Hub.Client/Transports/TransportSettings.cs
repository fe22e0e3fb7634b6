using System.IO.Pipelines;
using System.Net.WebSockets;

namespace HubFramework.Client.Transports;

/// <summary>What every transport of one connection shares: the HTTP stack and the buffer and time limits.</summary>
internal sealed class TransportSettings
{
    public required HttpClient HttpClient { get; init; }

    /// <summary>The same handler chain as <see cref="HttpClient"/>, for the WebSocket upgrade.</summary>
    public required HttpMessageInvoker WebSocketInvoker { get; init; }

    public Action<ClientWebSocketOptions>? WebSocketConfiguration { get; init; }

    /// <summary>Options of the pipe the transport writes received bytes into.</summary>
    public required PipeOptions ReceivePipeOptions { get; init; }

    /// <summary>Options of the pipe the connection writes bytes to send into.</summary>
    public required PipeOptions SendPipeOptions { get; init; }

    public TimeSpan HttpRequestTimeout { get; init; } = TimeSpan.FromSeconds(100);

    public TimeSpan CloseTimeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Longest Server-Sent Events line accepted (a longer one fails the transport).</summary>
    public long MaximumEventLineSize { get; init; } = 4 * 1024 * 1024;
}
