using System.Diagnostics;

namespace HubFramework.LoadGenerator;

/// <summary>
/// Warm-up, then a measured window, then draining. Connections count work only while <see cref="Measuring"/>,
/// and stop issuing new work once <see cref="Running"/> turns false.
/// </summary>
internal sealed class RunClock
{
    private const int Warming = 0;
    private const int InWindow = 1;
    private const int Draining = 2;

    private volatile int _phase = Warming;

    public bool Measuring => _phase == InWindow;

    public bool Running => _phase != Draining;

    /// <summary>Runs the phases and returns what the server and the generator spent inside the window.</summary>
    public async Task<MeasurementWindow> RunAsync(TimeSpan warmup, TimeSpan duration, ServerProcess server, CancellationToken cancellationToken)
    {
        await Task.Delay(warmup, cancellationToken).ConfigureAwait(false);
        var start = MeasurementWindow.Sample(server);
        _phase = InWindow;
        await Task.Delay(duration, cancellationToken).ConfigureAwait(false);
        _phase = Draining;
        var end = MeasurementWindow.Sample(server);
        return new MeasurementWindow(start, end);
    }

    /// <summary>Stops new work without a measured window (set-up failures, idle runs).</summary>
    public void Stop() => _phase = Draining;
}
