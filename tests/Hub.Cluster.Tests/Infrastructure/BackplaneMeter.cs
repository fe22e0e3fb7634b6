using System.Collections.Concurrent;
using System.Diagnostics.Metrics;

namespace HubFramework.Cluster.Tests.Infrastructure;

/// <summary>
/// Sums the backplane's counters of every in-process node (or of the one whose meter is given), by instrument and by
/// the <c>reason</c>/<c>kind</c> tag; gauges read their latest value on <see cref="Observe"/>.
/// </summary>
internal sealed class BackplaneMeter : IDisposable
{
    private readonly MeterListener _listener = new();
    private readonly ConcurrentDictionary<string, long> _totals = new();

    public BackplaneMeter(Meter? only = null)
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == "HubFramework.Server.Backplane" && (only is null || ReferenceEquals(instrument.Meter, only)))
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) =>
        {
            if (instrument is ObservableGauge<long>)
            {
                _totals[instrument.Name] = value;
                return;
            }

            var key = instrument.Name;
            foreach (var tag in tags)
            {
                if (tag.Key is "reason" or "kind")
                {
                    key += "/" + tag.Value;
                }
            }

            _totals.AddOrUpdate(key, value, (_, total) => total + value);
            _totals.AddOrUpdate(instrument.Name, value, (_, total) => total + value);
        });
        _listener.SetMeasurementEventCallback<int>((instrument, value, _, _) => _totals[instrument.Name] = value);
        _listener.Start();
    }

    /// <summary>The total of <paramref name="key"/>: an instrument name, optionally followed by <c>/tag-value</c>.</summary>
    public long this[string key] => _totals.GetValueOrDefault(key);

    /// <summary>Reads the gauges now.</summary>
    public void Observe() => _listener.RecordObservableInstruments();

    public void Dispose() => _listener.Dispose();
}
