using HubFramework.Server.Connections;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using NATS.Client.Core;

namespace HubFramework.Server.Backplane.Nats;

/// <summary>
/// The one NATS connection of this node, shared by every part of the backplane (hub messages, request routing, rooms).
/// It connects in the background: a node whose NATS server is unreachable at start-up still starts and serves its own
/// connections, and the client keeps retrying.
/// </summary>
internal sealed class NatsBackplaneConnection : IHostedService, IAsyncDisposable
{
    private readonly ILogger _logger;
    private Task? _connecting;

    public NatsBackplaneConnection(IOptions<NatsBackplaneOptions> options, ConnectionRegistry registry, ILoggerFactory loggerFactory)
    {
        Options = options.Value;
        if (!IsValidPrefix(Options.SubjectPrefix))
        {
            throw new InvalidOperationException($"NatsBackplaneOptions.SubjectPrefix '{Options.SubjectPrefix}' is invalid: use 1 to 64 characters of A-Z a-z 0-9 - _.");
        }

        if (string.IsNullOrWhiteSpace(Options.Url))
        {
            throw new InvalidOperationException("NatsBackplaneOptions.Url is empty.");
        }

        NodeId = registry.NodeId;
        _logger = loggerFactory.CreateLogger("HubFramework.Server.Backplane.Nats");
        var opts = (Options.NatsOptions ?? NatsOpts.Default) with
        {
            Url = Options.Url,
            Name = $"hub-{Options.SubjectPrefix}-{NodeId}",
            RetryOnInitialConnect = true,
            LoggerFactory = Options.NatsOptions?.LoggerFactory ?? loggerFactory,
        };
        Connection = new NatsConnection(opts);
    }

    /// <summary>The backplane's options.</summary>
    public NatsBackplaneOptions Options { get; }

    /// <summary>This node's id (the one embedded in its connection tokens).</summary>
    public string NodeId { get; }

    /// <summary>The NATS connection; it reconnects by itself and restores its subscriptions.</summary>
    public NatsConnection Connection { get; }

    /// <summary>The subject prefix, followed by a dot: <c>{prefix}.</c>.</summary>
    public string SubjectRoot => Options.SubjectPrefix + ".";

    public Task StartAsync(CancellationToken cancellationToken)
    {
        _connecting = ConnectAsync();
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public ValueTask DisposeAsync() => Connection.DisposeAsync();

    private async Task ConnectAsync()
    {
        try
        {
            await Connection.ConnectAsync().ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            _logger.LogError(new EventId(4000, "NatsConnectFailed"), ex, "The NATS backplane could not connect to {Url}.", Options.Url);
        }
    }

    private static bool IsValidPrefix(string? prefix)
    {
        if (string.IsNullOrEmpty(prefix) || prefix.Length > 64)
        {
            return false;
        }

        foreach (var c in prefix)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c == '-' || c == '_'))
            {
                return false;
            }
        }

        return true;
    }
}
