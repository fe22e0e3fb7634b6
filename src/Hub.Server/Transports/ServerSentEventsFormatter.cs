using System.Buffers;

namespace HubFramework.Server.Transports;

/// <summary>
/// Writes a payload as one Server-Sent Event: every line as a <c>data: </c> field, then a blank line. CR LF, LF and a
/// lone CR all end a line in the event stream, so each becomes a line break (the transport spec allows converting
/// line endings); without this a CR in the payload would cut its line short on the client.
/// </summary>
internal static class ServerSentEventsFormatter
{
    private static ReadOnlySpan<byte> DataPrefix => "data: "u8;

    private static ReadOnlySpan<byte> NextLine => "\r\ndata: "u8;

    private static ReadOnlySpan<byte> EventEnd => "\r\n\r\n"u8;

    /// <summary>The comment sent first so clients see the stream open before any data.</summary>
    public static ReadOnlySpan<byte> OpeningComment => ":\r\n"u8;

    public static void WriteEvent(in ReadOnlySequence<byte> payload, IBufferWriter<byte> output)
    {
        output.Write(DataPrefix);
        var afterCarriageReturn = false;
        foreach (var segment in payload)
        {
            var span = segment.Span;
            if (afterCarriageReturn && !span.IsEmpty)
            {
                // The LF of a CR LF split across segments: the CR already ended the line.
                if (span[0] == (byte)'\n')
                {
                    span = span[1..];
                }

                afterCarriageReturn = false;
            }

            while (!span.IsEmpty)
            {
                var lineEnd = span.IndexOfAny((byte)'\r', (byte)'\n');
                if (lineEnd < 0)
                {
                    output.Write(span);
                    break;
                }

                output.Write(span[..lineEnd]);
                output.Write(NextLine);
                var isCarriageReturn = span[lineEnd] == (byte)'\r';
                span = span[(lineEnd + 1)..];
                if (isCarriageReturn)
                {
                    if (span.IsEmpty)
                    {
                        afterCarriageReturn = true;
                    }
                    else if (span[0] == (byte)'\n')
                    {
                        span = span[1..];
                    }
                }
            }
        }

        output.Write(EventEnd);
    }
}
