using System.Text.Json;
using HubFramework.Samples.Whiteboard.Boards;
using NATS.Client.JetStream;
using NATS.Client.KeyValueStore;

namespace HubFramework.Samples.Whiteboard.Presence;

/// <summary>
/// Participants of every node in a NATS Key/Value bucket, key <c>{board}.{connection}</c>. Entries expire after
/// <see cref="EntryLifetime"/> unless their node refreshes them (<see cref="ParticipantRefresher"/>), so the
/// participants of a node that died disappear on their own.
/// </summary>
public sealed class NatsParticipantStore(WhiteboardNats nats) : IParticipantStore
{
    public const string BucketName = "whiteboard-presence";
    public static readonly TimeSpan EntryLifetime = TimeSpan.FromSeconds(45);
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private readonly SemaphoreSlim _gate = new(1, 1);
    private INatsKVStore? _store;

    public async Task PutAsync(string board, Participant participant, CancellationToken cancellationToken)
    {
        var store = await GetStoreAsync(cancellationToken).ConfigureAwait(false);
        var entry = new PresenceEntry { Participant = participant, JoinedAt = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() };
        var key = Key(board, participant.ConnectionId);
        var existing = await store.TryGetEntryAsync<byte[]>(key, cancellationToken: cancellationToken).ConfigureAwait(false);
        if (existing.Success && existing.Value.Value is { } bytes && JsonSerializer.Deserialize<PresenceEntry>(bytes, Json) is { } old)
        {
            entry.JoinedAt = old.JoinedAt;
        }

        await store.PutAsync(key, JsonSerializer.SerializeToUtf8Bytes(entry, Json), cancellationToken: cancellationToken).ConfigureAwait(false);
    }

    public async Task RemoveAsync(string board, string connectionId, CancellationToken cancellationToken)
    {
        var store = await GetStoreAsync(cancellationToken).ConfigureAwait(false);
        await store.PurgeAsync(Key(board, connectionId), cancellationToken: cancellationToken).ConfigureAwait(false);
    }

    public async Task<Participant[]> ListAsync(string board, CancellationToken cancellationToken)
    {
        var store = await GetStoreAsync(cancellationToken).ConfigureAwait(false);
        var entries = new List<PresenceEntry>();
        await foreach (var key in store.GetKeysAsync([board + ".*"], cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            var result = await store.TryGetEntryAsync<byte[]>(key, cancellationToken: cancellationToken).ConfigureAwait(false);
            if (result.Success && result.Value.Value is { Length: > 0 } bytes && JsonSerializer.Deserialize<PresenceEntry>(bytes, Json) is { } entry)
            {
                entries.Add(entry);
            }
        }

        return [.. entries.OrderBy(e => e.JoinedAt).Select(e => e.Participant)];
    }

    private static string Key(string board, string connectionId) => board + "." + connectionId.Replace('.', '_');

    private async Task<INatsKVStore> GetStoreAsync(CancellationToken cancellationToken)
    {
        if (_store is { } store)
        {
            return store;
        }

        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var kv = new NatsKVContext(new NatsJSContext(nats.Connection));
            _store ??= await kv.CreateOrUpdateStoreAsync(new NatsKVConfig(BucketName) { MaxAge = EntryLifetime }, cancellationToken).ConfigureAwait(false);
            return _store;
        }
        finally
        {
            _gate.Release();
        }
    }

    private sealed class PresenceEntry
    {
        public Participant Participant { get; set; } = new();

        public long JoinedAt { get; set; }
    }
}
