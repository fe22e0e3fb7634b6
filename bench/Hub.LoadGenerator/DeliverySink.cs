using System.Diagnostics;

namespace HubFramework.LoadGenerator;

/// <summary>A broadcast receiver: counts stamped messages for one client method and records their delivery latency.</summary>
internal sealed class DeliverySink(RunClock clock, DeliveryTracker tracker, byte[] quotedTarget) : RecordSink
{
    public LatencyHistogram Latency { get; } = new();

    public long Deliveries { get; private set; }

    public override void OnRecord(ReadOnlySpan<byte> record)
    {
        var type = HubRecord.Type(record);
        if (type != HubRecord.InvocationType || !HubRecord.HasTarget(record, quotedTarget))
        {
            NoteCommon(type, record);
            return;
        }

        if (!HubRecord.TryReadStamp(record, out var sequence, out var sentAt))
        {
            return;
        }

        if (clock.Measuring)
        {
            Deliveries++;
            Latency.RecordTicks(Stopwatch.GetTimestamp() - sentAt);
        }

        tracker.Delivered(sequence);
    }
}
