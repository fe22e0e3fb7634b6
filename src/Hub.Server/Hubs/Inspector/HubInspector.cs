using HubFramework.Server.Backplane;
using HubFramework.Server.Connections;
using HubFramework.Server.Hubs.Diagnostics;
using HubFramework.Server.Hubs.Hosting;
using HubFramework.Server.Hubs.Namespaces;
using Microsoft.AspNetCore.Routing;

namespace HubFramework.Server.Hubs.Inspector;

/// <summary>
/// What the inspector page shows, read from the live hub handlers, their lifetime managers, the connection registry,
/// the backplane's peer directory and the sections features contribute; and the operator's disconnect.
/// </summary>
internal sealed class HubInspector : IDisposable
{
    private readonly IServiceProvider _services;
    private readonly ICollection<EndpointDataSource> _endpoints;
    private readonly HubInspectorOptions _options;
    private readonly ConnectionRegistry _registry;
    private readonly HubInspectorRates _rates;

    public HubInspector(IServiceProvider services, ICollection<EndpointDataSource> endpoints, HubInspectorOptions options, ConnectionRegistry registry, object meterScope)
    {
        _services = services;
        _endpoints = endpoints;
        _options = options;
        _registry = registry;
        _rates = new HubInspectorRates(meterScope);
    }

    public async Task<InspectorSnapshot> SnapshotAsync(CancellationToken cancellationToken)
    {
        var hubs = new List<InspectorHub>();
        var connections = new List<InspectorConnection>();
        var slow = new List<InspectorConnection>();
        var total = 0;
        foreach (var (hubType, patterns) in HubsByType())
        {
            if (Source(hubType) is not { } source)
            {
                continue;
            }

            var groups = Groups(hubType);
            var transports = new SortedDictionary<string, int>(StringComparer.Ordinal);
            var protocols = new SortedDictionary<string, int>(StringComparer.Ordinal);
            var count = 0;
            foreach (var context in source.Connections)
            {
                count++;
                var transport = ConnectionsMetrics.ConventionName(context.Connection.TransportType);
                transports[transport] = transports.GetValueOrDefault(transport) + 1;
                protocols[context.Protocol.Name] = protocols.GetValueOrDefault(context.Protocol.Name) + 1;
                var outbound = context.Outbound;
                var isSlow = outbound.ClosedAsSlowConsumer || outbound.DroppedMessages > 0 || outbound.CoalescedMessages > 0
                    || outbound.QueuedBytes * 2 >= outbound.MaxQueuedBytes;
                if (connections.Count < _options.MaxListedConnections || isSlow)
                {
                    var row = new InspectorConnection(
                        context.ConnectionId,
                        source.HubName,
                        context.HttpContext?.Request.Path.Value ?? patterns[0],
                        transport,
                        context.Protocol.Name,
                        context.UserIdentifier,
                        context.ConnectedAt,
                        groups?.GroupsOf(context.ConnectionId) ?? [],
                        outbound.QueuedMessages,
                        outbound.QueuedBytes,
                        outbound.DroppedMessages,
                        outbound.CoalescedMessages,
                        isSlow);
                    if (connections.Count < _options.MaxListedConnections)
                    {
                        connections.Add(row);
                    }

                    if (isSlow)
                    {
                        slow.Add(row);
                    }
                }
            }

            total += count;
            var groupRows = groups is null
                ? null
                : groups.Groups().OrderByDescending(g => g.Members).ThenBy(g => g.Name, StringComparer.Ordinal).Take(_options.MaxListedGroups)
                    .Select(g => new InspectorGroup(g.Name, g.Members)).ToList();
            hubs.Add(new InspectorHub(source.HubName, hubType.FullName ?? hubType.Name, patterns, count, transports, protocols, groupRows));
        }

        var sections = new List<InspectorSection>();
        foreach (var section in (IEnumerable<IHubInspectorSection>?)_services.GetService(typeof(IEnumerable<IHubInspectorSection>)) ?? [])
        {
            IReadOnlyList<object> rows;
            try
            {
                rows = await section.GetRowsAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // One failing contributor must not take the page down.
                rows = [new { error = ex.Message }];
            }

            sections.Add(new InspectorSection(section.Title, rows));
        }

        var peers = (_services.GetService(typeof(IBackplanePeerDirectory)) as IBackplanePeerDirectory)?.GetPeers();
        var (totals, rates) = _rates.Read();
        return new InspectorSnapshot(
            _registry.NodeId,
            DateTimeOffset.UtcNow,
            (int)_options.RefreshInterval.TotalMilliseconds,
            total,
            _registry.Count,
            hubs,
            connections,
            slow,
            rates,
            totals,
            peers,
            sections);
    }

    /// <summary>Closes one connection (any hub) with an error and no reconnect; false when there is no such connection.</summary>
    public bool Disconnect(string connectionId)
    {
        foreach (var (hubType, _) in HubsByType())
        {
            if (Source(hubType) is not { } source)
            {
                continue;
            }

            foreach (var context in source.Connections)
            {
                if (string.Equals(context.ConnectionId, connectionId, StringComparison.Ordinal))
                {
                    context.Abort("Disconnected by an operator.", allowReconnect: false);
                    return true;
                }
            }
        }

        return false;
    }

    public void Dispose() => _rates.Dispose();

    private IEnumerable<(Type HubType, string[] Patterns)> HubsByType() =>
        MappedHubs.Find(_endpoints).GroupBy(h => h.HubType).Select(g => (g.Key, g.Select(h => h.Pattern).ToArray()));

    private IHubConnectionSource? Source(Type hubType) =>
        _services.GetService(typeof(HubConnectionHandler<>).MakeGenericType(hubType)) as IHubConnectionSource;

    private IHubGroupDirectory? Groups(Type hubType) =>
        _services.GetService(typeof(HubNamespaceRegistry<>).MakeGenericType(hubType)) as IHubGroupDirectory;
}

internal sealed record InspectorSnapshot(
    string NodeId,
    DateTimeOffset Time,
    int RefreshMs,
    int HubConnections,
    int TransportConnections,
    IReadOnlyList<InspectorHub> Hubs,
    IReadOnlyList<InspectorConnection> Connections,
    IReadOnlyList<InspectorConnection> SlowConsumers,
    HubInspectorRates.Rates Rates,
    HubInspectorRates.Totals Totals,
    IReadOnlyList<BackplanePeer>? Peers,
    IReadOnlyList<InspectorSection> Sections);

internal sealed record InspectorHub(
    string Name,
    string Type,
    IReadOnlyList<string> Paths,
    int Connections,
    IReadOnlyDictionary<string, int> Transports,
    IReadOnlyDictionary<string, int> Protocols,
    IReadOnlyList<InspectorGroup>? Groups);

internal sealed record InspectorGroup(string Name, int Members);

internal sealed record InspectorConnection(
    string Id,
    string Hub,
    string Path,
    string Transport,
    string Protocol,
    string? User,
    DateTimeOffset ConnectedAt,
    IReadOnlyList<string> Groups,
    int QueuedMessages,
    long QueuedBytes,
    long Dropped,
    long Coalesced,
    bool Slow);

internal sealed record InspectorSection(string Title, IReadOnlyList<object> Rows);
