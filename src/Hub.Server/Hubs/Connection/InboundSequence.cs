namespace HubFramework.Server.Hubs.Connection;

/// <summary>
/// Stateful reconnect, receiving side: numbers the client's trackable messages (invocations, stream items,
/// completions, cancellations) from 1, skips the ones seen before a reconnect, and tells when an Ack is due.
/// <see cref="Accept"/> and <see cref="TryRestart"/> run on the receive loop; <see cref="TryTakeAck"/> on the keep-alive tick.
/// </summary>
internal sealed class InboundSequence
{
    private long _nextId = 1;
    private long _lastProcessed;
    private long _lastAcked;

    /// <summary>The highest id processed so far.</summary>
    public long LastProcessed => Volatile.Read(ref _lastProcessed);

    /// <summary>Counts a trackable message; false when it is a duplicate that must be ignored.</summary>
    public bool Accept()
    {
        var id = _nextId++;
        if (id <= _lastProcessed)
        {
            return false;
        }

        Volatile.Write(ref _lastProcessed, id);
        return true;
    }

    /// <summary>
    /// The client's Sequence message: its next trackable message has <paramref name="sequenceId"/>. False when that
    /// leaves a gap (messages lost), which the connection cannot recover from.
    /// </summary>
    public bool TryRestart(long sequenceId)
    {
        if (sequenceId < 1 || sequenceId > _lastProcessed + 1)
        {
            return false;
        }

        _nextId = sequenceId;
        return true;
    }

    /// <summary>The id to acknowledge when something arrived since the last Ack.</summary>
    public bool TryTakeAck(out long sequenceId)
    {
        sequenceId = Volatile.Read(ref _lastProcessed);
        if (sequenceId <= _lastAcked)
        {
            return false;
        }

        _lastAcked = sequenceId;
        return true;
    }
}
