namespace HubFramework.Protocol;

/// <summary>Type 8 (stateful reconnect): the receiver has processed every message up to and including <see cref="SequenceId"/>.</summary>
public sealed class AckMessage : HubMessage
{
    /// <summary>Creates the message.</summary>
    public AckMessage(long sequenceId)
    {
        SequenceId = sequenceId;
    }

    /// <summary>The last sequence id received.</summary>
    public long SequenceId { get; }
}
