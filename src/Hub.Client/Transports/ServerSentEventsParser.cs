using System.Buffers;
using System.IO.Pipelines;

namespace HubFramework.Client.Transports;

/// <summary>
/// Incremental reader of a <c>text/event-stream</c> body (WHATWG Server-Sent Events): lines end with CR LF, LF
/// or CR; <c>data</c> lines of one event are joined with LF; a blank line ends the event; comments (<c>:</c>) and
/// other fields are ignored. Event data is written straight into the output pipe.
/// </summary>
internal sealed class ServerSentEventsParser
{
    private static ReadOnlySpan<byte> DataField => "data"u8;

    private readonly long _maximumLineLength;
    private bool _eventHasData;
    private bool _skipLineFeed;

    public ServerSentEventsParser(long maximumLineLength)
    {
        _maximumLineLength = maximumLineLength;
    }

    /// <summary>
    /// Consumes every complete line of <paramref name="buffer"/>, advancing it past them and writing event data
    /// to <paramref name="output"/> (unflushed).
    /// </summary>
    /// <exception cref="InvalidDataException">A line is longer than the limit.</exception>
    public void Parse(ref ReadOnlySequence<byte> buffer, PipeWriter output)
    {
        while (true)
        {
            if (_skipLineFeed && !buffer.IsEmpty)
            {
                // The previous line ended with CR; a LF right after it belongs to the same line ending.
                if (buffer.FirstSpan[0] == (byte)'\n')
                {
                    buffer = buffer.Slice(1);
                }

                _skipLineFeed = false;
            }

            var reader = new SequenceReader<byte>(buffer);
            if (!reader.TryReadToAny(out ReadOnlySequence<byte> line, "\r\n"u8, advancePastDelimiter: false))
            {
                if (buffer.Length > _maximumLineLength)
                {
                    throw new InvalidDataException($"A Server-Sent Events line is longer than {_maximumLineLength} bytes.");
                }

                return;
            }

            if (line.Length > _maximumLineLength)
            {
                // Complete or not, the same line is refused: how the stream was split must not decide.
                throw new InvalidDataException($"A Server-Sent Events line is longer than {_maximumLineLength} bytes.");
            }

            reader.TryRead(out var terminator);
            _skipLineFeed = terminator == (byte)'\r';
            buffer = buffer.Slice(reader.Position);

            if (line.IsEmpty)
            {
                // End of event. Events only delimit chunks of the byte stream for us, so nothing else to do.
                _eventHasData = false;
                continue;
            }

            ProcessLine(line, output);
        }
    }

    private void ProcessLine(ReadOnlySequence<byte> line, PipeWriter output)
    {
        var colon = line.PositionOf((byte)':');
        ReadOnlySequence<byte> field;
        ReadOnlySequence<byte> value;
        if (colon is null)
        {
            field = line;
            value = default;
        }
        else
        {
            field = line.Slice(0, colon.Value);
            value = line.Slice(line.GetPosition(1, colon.Value));
            if (!value.IsEmpty && value.FirstSpan[0] == (byte)' ')
            {
                value = value.Slice(1);
            }
        }

        if (field.Length != DataField.Length || !SequenceEquals(field, DataField))
        {
            // Comments (empty field name) and fields other than "data" carry nothing for us.
            return;
        }

        if (_eventHasData)
        {
            output.GetSpan(1)[0] = (byte)'\n';
            output.Advance(1);
        }

        foreach (var segment in value)
        {
            output.Write(segment.Span);
        }

        _eventHasData = true;
    }

    private static bool SequenceEquals(ReadOnlySequence<byte> sequence, ReadOnlySpan<byte> expected)
    {
        if (sequence.IsSingleSegment)
        {
            return sequence.FirstSpan.SequenceEqual(expected);
        }

        Span<byte> copy = stackalloc byte[expected.Length];
        sequence.CopyTo(copy);
        return copy.SequenceEqual(expected);
    }
}
