namespace HubFramework.LoadGenerator;

/// <summary>An idle connection: reads (pings, welcome) and only notes Close messages.</summary>
internal sealed class IdleSink : RecordSink
{
    public long Records { get; private set; }

    public override void OnRecord(ReadOnlySpan<byte> record)
    {
        Records++;
        NoteCommon(HubRecord.Type(record), record);
    }
}
