using System.Diagnostics;

namespace HubFramework.LoadGenerator;

/// <summary>
/// One echo connection in a closed loop: K pre-encoded Echo invocations (ids 0..K-1); each completion re-sends
/// the same frame, so K calls stay in flight and nothing is allocated per call.
/// </summary>
internal sealed class EchoSink : RecordSink
{
    private readonly RunClock _clock;
    private readonly byte[][] _frames;
    private readonly long[] _sentAt;
    private readonly int[] _resend;
    private int _resendCount;

    public EchoSink(RunClock clock, int inFlight, string payload, WireProtocol protocol)
    {
        _clock = clock;
        _frames = new byte[inFlight][];
        _sentAt = new long[inFlight];
        _resend = new int[inFlight];
        for (var i = 0; i < inFlight; i++)
        {
            _frames[i] = protocol.Invocation(i.ToString(System.Globalization.CultureInfo.InvariantCulture), "Echo", payload);
        }
    }

    public LatencyHistogram Latency { get; } = new();

    public long Completions { get; private set; }

    /// <summary>Calls sent and not yet completed; zero once the run has drained.</summary>
    public int Outstanding { get; private set; }

    public async Task StartAsync(HubSocket socket, CancellationToken cancellationToken)
    {
        for (var i = 0; i < _frames.Length; i++)
        {
            _sentAt[i] = Stopwatch.GetTimestamp();
            Outstanding++;
            await socket.SendAsync(_frames[i], cancellationToken).ConfigureAwait(false);
        }
    }

    public override void OnRecord(ReadOnlySpan<byte> record)
    {
        var type = HubRecord.Type(record);
        if (type != HubRecord.CompletionType)
        {
            NoteCommon(type, record);
            return;
        }

        var id = HubRecord.NumericInvocationId(record);
        if ((uint)id >= (uint)_frames.Length)
        {
            return;
        }

        Outstanding--;
        if (HubRecord.IsErrorCompletion(record))
        {
            ErrorCompletions++;
        }
        else if (_clock.Measuring)
        {
            Completions++;
            Latency.RecordTicks(Stopwatch.GetTimestamp() - _sentAt[id]);
        }

        if (_clock.Running && _resendCount < _resend.Length)
        {
            _resend[_resendCount++] = id;
        }
    }

    public override async ValueTask AfterRecordsAsync(HubSocket socket, CancellationToken cancellationToken)
    {
        for (var i = 0; i < _resendCount; i++)
        {
            var id = _resend[i];
            _sentAt[id] = Stopwatch.GetTimestamp();
            Outstanding++;
            await socket.SendAsync(_frames[id], cancellationToken).ConfigureAwait(false);
        }

        _resendCount = 0;
    }
}
