using System.Collections.Concurrent;
using HubFramework.Server.Connections;
using HubFramework.Server.Hubs.Hosting;
using HubFramework.Server.Hubs.Rooms;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace HubFramework.Server.Hubs.Namespaces;

/// <summary>
/// The namespaces of hub <typeparamref name="THub"/> on this node: one per mapped static path, one per set of route
/// values of a mapped dynamic pattern. A namespace is created the first time a connection opens in it or the app
/// addresses it through <see cref="IHubContext{THub}.Namespace(string)"/>.
/// </summary>
/// <typeparam name="THub">The hub.</typeparam>
public sealed class HubNamespaceRegistry<THub> : Diagnostics.IHubGroupDirectory
    where THub : Hub
{
    private readonly ConcurrentDictionary<string, HubNamespace<THub>> _namespaces = new(StringComparer.Ordinal);
    private readonly IHubLifetimeManagerFactory<THub> _lifetimeManagers;
    private readonly RoomManagerFactory _rooms;
    private readonly IServiceProvider? _services;
    private RoomOptions? _roomOptions;
    private int? _maximum;
    private readonly object _sync = new();
    private EndpointPathTemplate[] _patterns = [];

    /// <summary>Creates the registry; resolved from DI (registered by <c>AddHubs</c>).</summary>
    public HubNamespaceRegistry(IHubLifetimeManagerFactory<THub> lifetimeManagers, IRoomStoreFactory roomStores, IServiceProvider services)
    {
        ArgumentNullException.ThrowIfNull(lifetimeManagers);
        ArgumentNullException.ThrowIfNull(roomStores);
        ArgumentNullException.ThrowIfNull(services);
        _lifetimeManagers = lifetimeManagers;
        _rooms = new RoomManagerFactory(
            roomStores,
            services.GetService<TimeProvider>() ?? TimeProvider.System,
            services.GetService<ILoggerFactory>() ?? NullLoggerFactory.Instance,
            services.GetService<RoomsMetrics>() ?? new RoomsMetrics(services.GetService<System.Diagnostics.Metrics.IMeterFactory>()));
        _services = services;
    }

    private HubNamespaceRegistry(IHubLifetimeManagerFactory<THub> lifetimeManagers, RoomManagerFactory rooms, RoomOptions roomOptions)
    {
        _lifetimeManagers = lifetimeManagers;
        _rooms = rooms;
        _roomOptions = roomOptions;
    }

    /// <summary>A registry whose every namespace uses <paramref name="lifetimeManager"/> (tests and in-memory hosting).</summary>
    internal static HubNamespaceRegistry<THub> Over(HubLifetimeManager<THub> lifetimeManager, RoomOptions? roomOptions = null)
        => new(new FixedLifetimeManagerFactory(lifetimeManager), new RoomManagerFactory(new InMemoryRoomStoreFactory(), TimeProvider.System, NullLoggerFactory.Instance, new RoomsMetrics(null)), roomOptions ?? new RoomOptions());

    /// <summary>The key of connections that were not opened through a mapped path (in-memory hosting).</summary>
    internal static string UnmappedKey { get; } = "/" + typeof(THub).Name;

    /// <summary>Groups of every namespace; a group is named <c>{namespace} {group}</c> once the hub has several namespaces.</summary>
    IEnumerable<(string Name, int Members)> Diagnostics.IHubGroupDirectory.Groups()
    {
        var qualify = _namespaces.Count > 1;
        foreach (var (name, hubNamespace) in _namespaces)
        {
            if (hubNamespace.LifetimeManager is not Diagnostics.IHubGroupDirectory directory)
            {
                continue;
            }

            foreach (var (group, members) in directory.Groups())
            {
                yield return (qualify ? name + " " + group : group, members);
            }
        }
    }

    IReadOnlyList<string> Diagnostics.IHubGroupDirectory.GroupsOf(string connectionId)
    {
        List<string>? groups = null;
        foreach (var hubNamespace in _namespaces.Values)
        {
            if (hubNamespace.LifetimeManager is Diagnostics.IHubGroupDirectory directory && directory.GroupsOf(connectionId) is { Count: > 0 } found)
            {
                (groups ??= []).AddRange(found);
            }
        }

        return groups ?? (IReadOnlyList<string>)[];
    }

    /// <summary>The patterns the hub is mapped at, in mapping order.</summary>
    internal IReadOnlyList<EndpointPathTemplate> Patterns => Volatile.Read(ref _patterns);

    /// <summary>Namespaces in use on this node now.</summary>
    public int Count => _namespaces.Count;

    /// <summary>Records a <c>MapHub</c> pattern (duplicates count once).</summary>
    internal void AddPattern(EndpointPathTemplate pattern)
    {
        lock (_sync)
        {
            if (_patterns.Any(p => string.Equals(p.Pattern, pattern.Pattern, StringComparison.OrdinalIgnoreCase)))
            {
                return;
            }

            Volatile.Write(ref _patterns, [.. _patterns, pattern]);
        }
    }

    /// <summary>The namespace a connection belongs to; false (with the reason) when it would exceed the limit.</summary>
    internal bool TryForConnection(ClientConnection connection, out HubNamespace<THub>? hubNamespace, out string? error)
    {
        try
        {
            hubNamespace = GetOrCreate(connection.EndpointPath ?? DefaultName());
            error = null;
            return true;
        }
        catch (InvalidOperationException ex)
        {
            hubNamespace = null;
            error = ex.Message;
            return false;
        }
    }

    /// <summary>
    /// The namespace the plain <see cref="IHubContext{THub}"/> addresses: the hub's only namespace when it is mapped
    /// once at a path without route values (or not mapped at all, for in-memory hosting).
    /// </summary>
    /// <exception cref="InvalidOperationException">The hub is mapped at several paths or at a dynamic pattern.</exception>
    internal HubNamespace<THub> Default => GetOrCreate(DefaultName());

    /// <summary>The namespace of a path as a client addresses it, e.g. <c>/tenants/acme/hubs/chat</c>.</summary>
    /// <exception cref="ArgumentException">No mapping of the hub matches <paramref name="path"/>.</exception>
    internal HubNamespace<THub> Resolve(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var patterns = Patterns;
        var normalized = "/" + path.Trim('/');
        foreach (var pattern in patterns)
        {
            if (!pattern.IsDynamic && string.Equals(pattern.Pattern, normalized, StringComparison.OrdinalIgnoreCase))
            {
                return GetOrCreate(pattern.Pattern);
            }
        }

        foreach (var pattern in patterns)
        {
            if (pattern.IsDynamic && pattern.TryMatch(normalized, out var canonical, out _))
            {
                return GetOrCreate(canonical);
            }
        }

        if (patterns.Count == 0 && string.Equals(normalized, UnmappedKey, StringComparison.Ordinal))
        {
            return GetOrCreate(UnmappedKey);
        }

        throw new ArgumentException(
            $"Hub '{typeof(THub).Name}' is not mapped at a path matching '{path}' (mapped: {Describe(patterns)}).",
            nameof(path));
    }

    private HubNamespace<THub> GetOrCreate(string name)
    {
        if (_namespaces.TryGetValue(name, out var existing))
        {
            return existing;
        }

        lock (_sync)
        {
            if (_namespaces.TryGetValue(name, out existing))
            {
                return existing;
            }

            _maximum ??= _services is null ? int.MaxValue : HubOptionsSetup<THub>.Resolve(_services).MaximumNamespaces;
            if (_namespaces.Count >= _maximum)
            {
                throw new InvalidOperationException(
                    $"Hub '{typeof(THub).Name}' has reached its limit of {_maximum} namespaces (HubOptions.MaximumNamespaces); '{name}' cannot be opened.");
            }

            // Created under the lock: a lifetime manager may subscribe to a backplane, so exactly one per namespace.
            var lifetimeManager = _lifetimeManagers.Create(name);
            _roomOptions ??= HubOptionsSetup<THub>.Resolve(_services!).Rooms;
            var created = new HubNamespace<THub>(name, lifetimeManager, _rooms.Create(name, lifetimeManager, _roomOptions));
            _namespaces[name] = created;
            return created;
        }
    }

    private string DefaultName()
    {
        var patterns = Patterns;
        return patterns.Count switch
        {
            0 => UnmappedKey,
            1 when !patterns[0].IsDynamic => patterns[0].Pattern,
            _ => throw new InvalidOperationException(
                $"Hub '{typeof(THub).Name}' has several namespaces ({Describe(patterns)}): address one with IHubContext<{typeof(THub).Name}>.Namespace(path)."),
        };
    }

    private static string Describe(IReadOnlyList<EndpointPathTemplate> patterns)
        => patterns.Count == 0 ? "none" : string.Join(", ", patterns.Select(p => p.Pattern));

    private sealed class FixedLifetimeManagerFactory(HubLifetimeManager<THub> lifetimeManager) : IHubLifetimeManagerFactory<THub>
    {
        public HubLifetimeManager<THub> Create(string namespaceKey) => lifetimeManager;
    }
}
