namespace HubFramework.Benchmarks.Support;

/// <summary>A hub server (ours or Microsoft's) serving in-memory connections, for benchmarks that run the same steps on both.</summary>
internal interface IInMemoryHubServer : IAsyncDisposable
{
    /// <summary>Opens a connection and completes the handshake for <paramref name="protocol"/>.</summary>
    Task<ClientEnd> ConnectAsync(string protocol, bool binary);

    /// <summary><c>Clients.All.SendAsync</c> through the server's lifetime manager.</summary>
    Task SendAllAsync(string method, object?[] arguments);
}
