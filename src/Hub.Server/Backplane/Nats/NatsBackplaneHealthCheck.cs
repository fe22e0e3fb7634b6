using System.Diagnostics;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using NATS.Client.Core;

namespace HubFramework.Server.Backplane.Nats;

/// <summary>
/// Whether the NATS backplane carries traffic: the shared connection is open and the server answers a PING within
/// <see cref="NatsBackplaneHealthCheckOptions.PingTimeout"/>; with a <see cref="IBackplanePeerDirectory"/> registered,
/// also how many peers are seen (fewer than <see cref="NatsBackplaneHealthCheckOptions.MinimumPeers"/> is degraded).
/// </summary>
internal sealed class NatsBackplaneHealthCheck : IHealthCheck
{
    private readonly NatsBackplaneConnection _backplane;
    private readonly IBackplanePeerDirectory? _peers;
    private readonly NatsBackplaneHealthCheckOptions _options;

    public NatsBackplaneHealthCheck(NatsBackplaneConnection backplane, IOptions<NatsBackplaneHealthCheckOptions> options, IServiceProvider services)
    {
        _backplane = backplane;
        _options = options.Value;
        _options.Validate();
        _peers = services.GetService(typeof(IBackplanePeerDirectory)) as IBackplanePeerDirectory;
    }

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var connection = _backplane.Connection;
        var state = connection.ConnectionState;
        var data = new Dictionary<string, object>
        {
            ["url"] = _backplane.Options.Url,
            ["nodeId"] = _backplane.NodeId,
            ["state"] = state.ToString(),
        };

        if (state != NatsConnectionState.Open)
        {
            return new HealthCheckResult(context.Registration.FailureStatus, $"The NATS connection is {state}.", data: data);
        }

        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(_options.PingTimeout);
            var started = Stopwatch.GetTimestamp();
            await connection.PingAsync(timeout.Token).ConfigureAwait(false);
            data["rttMs"] = Math.Round(Stopwatch.GetElapsedTime(started).TotalMilliseconds, 2);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return new HealthCheckResult(context.Registration.FailureStatus, $"The NATS server did not answer a PING within {_options.PingTimeout}.", data: data);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            return new HealthCheckResult(context.Registration.FailureStatus, "The NATS server did not answer a PING.", ex, data);
        }

        if (connection.ServerInfo is { } server)
        {
            data["server"] = $"{server.Name} {server.Version}";
        }

        if (_peers is not null)
        {
            var peers = _peers.GetPeers();
            data["peers"] = peers.Count;
            if (peers.Count < _options.MinimumPeers)
            {
                return HealthCheckResult.Degraded($"NATS connected; {peers.Count} peer(s) seen, fewer than the {_options.MinimumPeers} expected.", data: data);
            }
        }

        return HealthCheckResult.Healthy("NATS connected.", data);
    }
}
