using System.Buffers;

namespace HubFramework.Server.Hubs.Outbound;

/// <summary>One framed message waiting in a connection's outbound queue or replay buffer.</summary>
internal struct OutboundEntry
{
    /// <summary>The framed bytes to write.</summary>
    public ReadOnlyMemory<byte> Bytes;

    /// <summary>The pooled array behind <see cref="Bytes"/> when this entry owns one; null for shared broadcast bytes.</summary>
    public byte[]? Rented;

    /// <summary>With <see cref="SlowConsumerPolicy.CoalesceByKey"/>: a newer message with the same key replaces this one while queued.</summary>
    public string? CoalesceKey;

    /// <summary>Stateful-reconnect sequence id, assigned when the sender takes the entry (0: not assigned or not trackable).</summary>
    public long SequenceId;

    /// <summary>Whether the message takes part in stateful-reconnect sequencing (hub invocation messages do).</summary>
    public bool Sequenced;

    /// <summary>Whether the message may be discarded under pressure (DropOldest / CoalesceByKey sends).</summary>
    public bool Droppable;

    public readonly int Length => Bytes.Length;

    /// <summary>Returns the pooled array, if any; the entry must not be used afterwards.</summary>
    public void Release()
    {
        if (Rented is { } rented)
        {
            Rented = null;
            ArrayPool<byte>.Shared.Return(rented);
        }

        Bytes = default;
        CoalesceKey = null;
    }
}
