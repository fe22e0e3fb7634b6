using System.Text;

namespace HubFramework.LoadGenerator;

/// <summary>Waits for the completion of one set-up invocation (JoinGroup) and ignores everything else.</summary>
internal sealed class CompletionSink(int invocationId) : RecordSink
{
    public bool Completed { get; private set; }

    public string? Error { get; private set; }

    public override void OnRecord(ReadOnlySpan<byte> record)
    {
        if (HubRecord.Type(record) == HubRecord.CompletionType && HubRecord.NumericInvocationId(record) == invocationId)
        {
            Completed = true;
            if (HubRecord.IsErrorCompletion(record))
            {
                Error = record[0] == (byte)'{' ? Encoding.UTF8.GetString(record) : Convert.ToHexString(record);
            }
        }
    }
}
