using System.Diagnostics.Metrics;

namespace HubFramework.Server.Hubs.Rooms;

/// <summary>Rooms' instruments, on the meter <see cref="MeterName"/>.</summary>
internal sealed class RoomsMetrics
{
    /// <summary>The meter name to listen to.</summary>
    public const string MeterName = "HubFramework.Server.Rooms";

    private readonly Counter<long> _joins;
    private readonly Counter<long> _leaves;
    private readonly Counter<long> _presenceEvents;
    private readonly Counter<long> _refusals;

    public RoomsMetrics(IMeterFactory? meterFactory)
    {
        var meter = meterFactory?.Create(MeterName) ?? new Meter(MeterName);
        Meter = meter;
        _joins = meter.CreateCounter<long>("hubframework.rooms.joins", "{member}", "Connections that joined a room.");
        _leaves = meter.CreateCounter<long>("hubframework.rooms.leaves", "{member}", "Members that left a room: by themselves, by disconnecting, or with their node.");
        _presenceEvents = meter.CreateCounter<long>("hubframework.rooms.presence_events", "{event}", "Presence events sent (each to every other member of the room).");
        _refusals = meter.CreateCounter<long>("hubframework.rooms.refusals", "{request}", "Joins and updates refused by a room limit.");
    }

    /// <summary>The meter the instruments live on.</summary>
    public Meter Meter { get; }

    public void Joined() => _joins.Add(1);

    /// <summary><paramref name="reason"/>: <c>left</c>, <c>disconnected</c> or <c>node_lost</c>.</summary>
    public void Left(string reason) => _leaves.Add(1, new KeyValuePair<string, object?>("reason", reason));

    public void PresenceSent(string kind) => _presenceEvents.Add(1, new KeyValuePair<string, object?>("kind", kind));

    public void Refused() => _refusals.Add(1);
}
