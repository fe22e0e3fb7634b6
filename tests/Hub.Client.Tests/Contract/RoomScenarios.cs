using System.Text.Json;
using System.Threading.Channels;
using HubFramework.Protocol;

namespace HubFramework.Client.Tests.Contract;

/// <summary>
/// The contract's rooms-and-presence section driven through our client, with two endpoints that may be one server
/// or two nodes of a cluster (members, counts and presence must then cross nodes).
/// </summary>
public static class RoomScenarios
{
    /// <summary>A presence event as received: (room, kind, connectionId, user, state).</summary>
    public sealed record Presence(string Room, string Kind, string ConnectionId, string? User, JsonElement State);

    public static async Task<(HubConnection Connection, Channel<Presence> Presence, Channel<string> RoomMessages)> ConnectAsync(
        Uri url, HttpTransportType transport, string protocol, string? token = null)
    {
        var builder = new HubConnectionBuilder().WithUrl(url, transport, o => o.AccessTokenProvider = token is null ? null : () => Task.FromResult<string?>(token));
        var connection = (protocol == "messagepack" ? builder.AddMessagePackProtocol() : builder.AddJsonProtocol()).Build();
        var presence = Channel.CreateUnbounded<Presence>();
        var messages = Channel.CreateUnbounded<string>();
        connection.On<string, JsonElement>("presence", (room, e) => presence.Writer.TryWrite(new Presence(
            room,
            e.GetProperty("kind").GetString()!,
            e.GetProperty("connectionId").GetString()!,
            e.GetProperty("user").ValueKind == JsonValueKind.String ? e.GetProperty("user").GetString() : null,
            e.TryGetProperty("state", out var s) ? s.Clone() : default)));
        connection.On<string, string>("roomMessage", (room, message) => messages.Writer.TryWrite(room + ":" + message));
        await Wait.For(connection.StartAsync());
        return (connection, presence, messages);
    }

    public static JsonElement State(string name, string color = "#e33") => JsonSerializer.SerializeToElement(new { name, color });

    public static string Name(JsonElement state) => state.GetProperty("name").GetString()!;

    public static async Task<Presence> NextAsync(Channel<Presence> channel, TimeSpan? timeout = null)
        => await channel.Reader.ReadAsync().AsTask().WaitAsync(timeout ?? Wait.Default);

    /// <summary>Nothing more arrives within <paramref name="quiet"/>.</summary>
    public static async Task AssertQuietAsync<T>(Channel<T> channel, TimeSpan? quiet = null)
    {
        await Task.Delay(quiet ?? TimeSpan.FromMilliseconds(300));
        Assert.False(channel.Reader.TryRead(out var extra), $"Unexpected: {extra}");
    }

    /// <summary>Polls until the count seen through <paramref name="connection"/> is <paramref name="expected"/> (bounded).</summary>
    public static async Task CountBecomesAsync(HubConnection connection, string room, int expected, TimeSpan? within = null)
    {
        var deadline = DateTime.UtcNow + (within ?? TimeSpan.FromSeconds(10));
        var last = -1;
        while (DateTime.UtcNow < deadline)
        {
            last = await connection.InvokeAsync<int>("RoomCount", room);
            if (last == expected)
            {
                return;
            }

            await Task.Delay(50);
        }

        Assert.Fail($"RoomCount('{room}') stayed {last}, expected {expected}.");
    }

    /// <summary>
    /// ann (at <paramref name="first"/>) and bob (at <paramref name="second"/>) share a room: join, members, count,
    /// updates in order, room messages, MyRooms, leave with the last state, disconnect as leave, no events about oneself.
    /// </summary>
    public static async Task PresenceAsync(Uri first, Uri second, HttpTransportType transport, string protocol)
    {
        var room = "lobby-" + Guid.NewGuid().ToString("N")[..8];
        var (ann, annPresence, annMessages) = await ConnectAsync(first, transport, protocol);
        await using var annConnection = ann;
        var (bob, bobPresence, bobMessages) = await ConnectAsync(second, transport, protocol);

        Assert.Equal(1, await ann.InvokeAsync<int>("JoinRoom", room, State("ann")));
        await CountBecomesAsync(bob, room, 1);
        Assert.Equal(2, await bob.InvokeAsync<int>("JoinRoom", room, State("bob", "#33e")));

        var join = await NextAsync(annPresence);
        Assert.Equal((room, "join", bob.ConnectionId), (join.Room, join.Kind, join.ConnectionId));
        Assert.Equal(("bob", "#33e"), (Name(join.State), join.State.GetProperty("color").GetString()));

        // The joiner asks for the list once: both members, with their states.
        var members = await bob.InvokeAsync<JsonElement>("RoomMembers", room);
        var byId = members.EnumerateArray().ToDictionary(m => m.GetProperty("connectionId").GetString()!, m => Name(m.GetProperty("state")));
        Assert.Equal(new Dictionary<string, string> { [ann.ConnectionId!] = "ann", [bob.ConnectionId!] = "bob" }, byId);
        await CountBecomesAsync(ann, room, 2);
        Assert.Equal([room], await bob.InvokeAsync<string[]>("MyRooms"));

        for (var i = 1; i <= 3; i++)
        {
            await bob.InvokeAsync("UpdatePresence", room, State("bob-" + i));
        }

        for (var i = 1; i <= 3; i++)
        {
            var update = await NextAsync(annPresence);
            Assert.Equal(("update", bob.ConnectionId, "bob-" + i), (update.Kind, update.ConnectionId, Name(update.State)));
        }

        await ann.InvokeAsync("SendToRoom", room, "hello room");
        Assert.Equal(room + ":hello room", await Wait.For(annMessages.Reader.ReadAsync().AsTask()));
        Assert.Equal(room + ":hello room", await Wait.For(bobMessages.Reader.ReadAsync().AsTask()));

        await bob.InvokeAsync("LeaveRoom", room);
        var leave = await NextAsync(annPresence);
        Assert.Equal(("leave", bob.ConnectionId, "bob-3"), (leave.Kind, leave.ConnectionId, Name(leave.State)));
        Assert.Empty(await bob.InvokeAsync<string[]>("MyRooms"));
        await CountBecomesAsync(ann, room, 1);

        // Back in, then gone: a disconnect is a leave.
        await bob.InvokeAsync<int>("JoinRoom", room, State("bob-again"));
        Assert.Equal("join", (await NextAsync(annPresence)).Kind);
        var bobId = bob.ConnectionId;
        await bob.DisposeAsync();
        var gone = await NextAsync(annPresence);
        Assert.Equal(("leave", bobId, "bob-again"), (gone.Kind, gone.ConnectionId, Name(gone.State)));
        await CountBecomesAsync(ann, room, 1);

        // Nobody heard about itself, and bob heard nothing about ann, who was there before it.
        await AssertQuietAsync(annPresence);
        Assert.False(bobPresence.Reader.TryRead(out var aboutAnn), $"bob got {aboutAnn}");
    }
}
