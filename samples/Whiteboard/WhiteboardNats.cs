using NATS.Client.Core;

namespace HubFramework.Samples.Whiteboard;

/// <summary>The whiteboard's own NATS connection (boards and presence), to the same server as the hub backplane.</summary>
public sealed class WhiteboardNats(string url, ILoggerFactory loggerFactory) : IAsyncDisposable
{
    public NatsConnection Connection { get; } = new(NatsOpts.Default with
    {
        Url = url,
        Name = "whiteboard-" + Environment.MachineName,
        RetryOnInitialConnect = true,
        LoggerFactory = loggerFactory,
    });

    public ValueTask DisposeAsync() => Connection.DisposeAsync();
}
