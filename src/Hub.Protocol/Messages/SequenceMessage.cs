namespace HubFramework.Protocol;

/// <summary>Type 9 (stateful reconnect): after a reconnect, the next message sent has this sequence id.</summary>
public sealed class SequenceMessage : HubMessage
{
    /// <summary>Creates the message.</summary>
    public SequenceMessage(long sequenceId)
    {
        SequenceId = sequenceId;
    }

    /// <summary>The sequence id of the next message.</summary>
    public long SequenceId { get; }
}
