namespace HubFramework.LoadGenerator;

/// <summary>What a scenario does with the records one connection receives.</summary>
internal abstract class RecordSink
{
    /// <summary>Called for each complete record, separator removed; must not block.</summary>
    public abstract void OnRecord(ReadOnlySpan<byte> record);

    /// <summary>Called after each batch of records, so replies (echo re-sends) go out once per batch.</summary>
    public virtual ValueTask AfterRecordsAsync(HubSocket socket, CancellationToken cancellationToken) => ValueTask.CompletedTask;

    /// <summary>Called when the server closed the connection.</summary>
    public virtual void OnClosed()
    {
    }

    public long CloseMessages { get; protected set; }

    public long ErrorCompletions { get; protected set; }

    /// <summary>Counts what every scenario cares about: server Close messages and failed completions.</summary>
    protected void NoteCommon(int type, ReadOnlySpan<byte> record)
    {
        if (type == HubRecord.CloseType)
        {
            CloseMessages++;
        }
        else if (type == HubRecord.CompletionType && HubRecord.IsErrorCompletion(record))
        {
            ErrorCompletions++;
        }
    }
}
