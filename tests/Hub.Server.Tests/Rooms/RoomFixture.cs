using System.Text.Json;
using HubFramework.Protocol.Json;
using HubFramework.Server.Hubs;
using HubFramework.Server.Hubs.Rooms;
using HubFramework.Server.Tests.Fanout;
using Microsoft.Extensions.Logging.Abstractions;

namespace HubFramework.Server.Tests.Rooms;

/// <summary>One namespace's lifetime manager and room manager over in-memory JSON connections.</summary>
internal sealed class RoomFixture : IAsyncDisposable
{
    private readonly LifetimeManagerFixture<FanoutHub> _lifetime = new();
    private readonly List<FanoutConnection> _open = new();

    public RoomFixture(Action<RoomOptions>? configure = null)
    {
        Options = new RoomOptions { PresenceMethod = "presence" };
        configure?.Invoke(Options);
        Rooms = new RoomManager<FanoutHub>(_lifetime.Manager, _ => Store, Options, TimeProvider.System, NullLogger.Instance, Metrics);
    }

    public RoomOptions Options { get; }

    public InMemoryRoomStore Store { get; } = new();

    public RoomsMetrics Metrics { get; } = new(null);

    public RoomManager<FanoutHub> Rooms { get; }

    public DefaultHubLifetimeManager<FanoutHub> Manager => _lifetime.Manager;

    public IHubClients Clients => new HubClients<FanoutHub>(_lifetime.Manager);

    public async Task<FanoutConnection> ConnectAsync(string? user = null)
    {
        var connection = await _lifetime.ConnectAsync(user, new JsonHubProtocol());
        Rooms.OnConnected(connection.Context);
        _open.Add(connection);
        return connection;
    }

    public async Task DisconnectAsync(FanoutConnection connection)
    {
        _open.Remove(connection);
        await Rooms.OnDisconnectedAsync(connection.Context);
        await _lifetime.DisconnectAsync(connection);
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var connection in _open.ToArray())
        {
            await Rooms.OnDisconnectedAsync(connection.Context);
        }

        await _lifetime.DisposeAsync();
    }

    /// <summary>The arguments of an invocation frame of the JSON protocol.</summary>
    public static (string Target, JsonElement[] Arguments) Parse(string frame)
    {
        using var document = JsonDocument.Parse(frame);
        var root = document.RootElement;
        return (root.GetProperty("target").GetString()!, root.GetProperty("arguments").EnumerateArray().Select(a => a.Clone()).ToArray());
    }

    /// <summary>A presence frame as (room, kind, connectionId, user, state JSON).</summary>
    public static (string Room, string Kind, string ConnectionId, string? User, string? State) ParsePresence(string frame)
    {
        var (target, arguments) = Parse(frame);
        Assert.Equal("presence", target);
        var e = arguments[1];
        var state = e.TryGetProperty("state", out var s) && s.ValueKind != JsonValueKind.Null ? s.GetRawText() : null;
        var user = e.GetProperty("user").ValueKind == JsonValueKind.Null ? null : e.GetProperty("user").GetString();
        return (arguments[0].GetString()!, e.GetProperty("kind").GetString()!, e.GetProperty("connectionId").GetString()!, user, state);
    }
}
