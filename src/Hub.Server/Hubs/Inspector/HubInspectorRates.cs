using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace HubFramework.Server.Hubs.Inspector;

/// <summary>
/// Totals of the hub layer's message instruments, gathered with a <see cref="MeterListener"/> while the inspector is
/// mapped (the instruments cost nothing more when it is not), and rates over the last few seconds.
/// </summary>
internal sealed class HubInspectorRates : IDisposable
{
    private static readonly TimeSpan Window = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan SampleSpacing = TimeSpan.FromMilliseconds(500);

    private readonly MeterListener _listener = new();
    private readonly object _meterScope;
    private readonly Queue<(long Timestamp, Totals Totals)> _samples = new();
    private long _messagesIn;
    private long _bytesIn;
    private long _messagesOut;
    private long _bytesOut;
    private long _dropped;
    private long _coalesced;
    private long _slowConsumerDisconnects;
    private long _invocations;

    public HubInspectorRates(object meterScope)
    {
        _meterScope = meterScope;
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            // The hub meter made by this application's meter factory, and the process-wide outbound meter.
            if (instrument.Meter.Name == Diagnostics.HubMetrics.MeterName
                && (ReferenceEquals(instrument.Meter.Scope, _meterScope) || instrument.Meter.Scope is null))
            {
                listener.EnableMeasurementEvents(instrument, this);
            }
        };
        _listener.SetMeasurementEventCallback<long>(static (instrument, value, _, state) => ((HubInspectorRates)state!).Record(instrument.Name, value));
        _listener.Start();
    }

    public readonly record struct Totals(long MessagesIn, long BytesIn, long MessagesOut, long BytesOut, long Invocations, long Dropped, long Coalesced, long SlowConsumerDisconnects);

    public readonly record struct Rates(double MessagesInPerSecond, double BytesInPerSecond, double MessagesOutPerSecond, double BytesOutPerSecond, double InvocationsPerSecond);

    public (Totals Totals, Rates Rates) Read()
    {
        var now = Stopwatch.GetTimestamp();
        var totals = new Totals(
            Interlocked.Read(ref _messagesIn),
            Interlocked.Read(ref _bytesIn),
            Interlocked.Read(ref _messagesOut),
            Interlocked.Read(ref _bytesOut),
            Interlocked.Read(ref _invocations),
            Interlocked.Read(ref _dropped),
            Interlocked.Read(ref _coalesced),
            Interlocked.Read(ref _slowConsumerDisconnects));
        lock (_samples)
        {
            while (_samples.Count > 1 && Stopwatch.GetElapsedTime(_samples.Peek().Timestamp, now) > Window)
            {
                _samples.Dequeue();
            }

            if (_samples.Count == 0 || Stopwatch.GetElapsedTime(LastTimestamp(), now) >= SampleSpacing)
            {
                _samples.Enqueue((now, totals));
            }

            var (since, then) = _samples.Peek();
            var seconds = Stopwatch.GetElapsedTime(since, now).TotalSeconds;
            if (seconds <= 0)
            {
                return (totals, default);
            }

            return (totals, new Rates(
                (totals.MessagesIn - then.MessagesIn) / seconds,
                (totals.BytesIn - then.BytesIn) / seconds,
                (totals.MessagesOut - then.MessagesOut) / seconds,
                (totals.BytesOut - then.BytesOut) / seconds,
                (totals.Invocations - then.Invocations) / seconds));
        }
    }

    public void Dispose() => _listener.Dispose();

    private long LastTimestamp()
    {
        var last = 0L;
        foreach (var (timestamp, _) in _samples)
        {
            last = timestamp;
        }

        return last;
    }

    private void Record(string instrument, long value)
    {
        switch (instrument)
        {
            case "hubframework.hub.messages_received":
                Interlocked.Add(ref _messagesIn, value);
                break;
            case "hubframework.hub.bytes_received":
                Interlocked.Add(ref _bytesIn, value);
                break;
            case "hubframework.hub.outbound.messages_sent":
                Interlocked.Add(ref _messagesOut, value);
                break;
            case "hubframework.hub.outbound.bytes_sent":
                Interlocked.Add(ref _bytesOut, value);
                break;
            case "hubframework.hub.invocations":
                Interlocked.Add(ref _invocations, value);
                break;
            case "hubframework.hub.outbound.dropped":
                Interlocked.Add(ref _dropped, value);
                break;
            case "hubframework.hub.outbound.coalesced":
                Interlocked.Add(ref _coalesced, value);
                break;
            case "hubframework.hub.outbound.slow_consumer_disconnects":
                Interlocked.Add(ref _slowConsumerDisconnects, value);
                break;
        }
    }
}
